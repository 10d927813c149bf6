#!/bin/bash
# Container health probe: healthy iff GET /readyz on the local API answers
# 200, i.e. every partition runs and has caught up (so a job that failed, or
# a partition that cannot restart, makes the container unhealthy). Uses
# bash's /dev/tcp so the image needs neither curl nor wget.
set -euo pipefail
port="${EDDY_HTTP_PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
status=""
IFS= read -r -t 2 status <&3 || true
case "$status" in
  "HTTP/1.1 200 "* | "HTTP/1.0 200 "*) exit 0 ;;
esac
echo "eddy-healthcheck: /readyz answered '${status%$'\r'}'" >&2
exit 1
