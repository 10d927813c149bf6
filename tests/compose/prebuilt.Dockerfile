# Eddy's image for scripts/compose-e2e.sh: the runtime stage of
# docker/Dockerfile (built with --target runtime) with binaries built on the
# host copied in, where the users' image compiles them in its build stage.
ARG RUNTIME=eddy-e2e/runtime
FROM ${RUNTIME}
COPY bin/ /usr/local/bin/
COPY share/ /usr/local/share/
RUN ["/usr/local/bin/eddy-check-libraries"]
