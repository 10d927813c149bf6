#!/usr/bin/env bash
# Checks the Docker deployment without a Docker engine: validates
# docker/compose.yaml with docker-compose 1.29 (Debian's), lints the
# Dockerfiles with dockerfilelint, checks Prometheus' configuration with
# promtool and Grafana's provisioning (data sources the dashboards name),
# and checks that the files the compose file mounts exist and that every
# EDDY_* variable it sets names a configuration key. scripts/compose-e2e.sh
# brings the deployment up for real. Installs what it needs (apt, root or sudo; dockerfilelint
# from npm into build/tools, which git ignores). Exits non-zero on any problem.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive

dockerfilelint_version=1.8.0
tools_dir=build/tools/dockerfilelint
dockerfilelint="$tools_dir/node_modules/.bin/dockerfilelint"

# --- tools -----------------------------------------------------------------
missing_packages=()
command -v docker-compose >/dev/null || missing_packages+=(docker-compose)
command -v npm >/dev/null || missing_packages+=(npm)
command -v python3 >/dev/null || missing_packages+=(python3 python3-yaml)
command -v promtool >/dev/null || missing_packages+=(prometheus)
if [ "${#missing_packages[@]}" -gt 0 ]; then
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing_packages[@]}"
fi
if [ ! -x "$dockerfilelint" ]; then
  mkdir -p "$tools_dir"
  npm install --prefix "$tools_dir" --no-audit --no-fund --loglevel=error \
    "dockerfilelint@$dockerfilelint_version"
fi

failures=0
fail() {
  echo "check-deploy: FAIL: $*" >&2
  failures=$((failures + 1))
}
pass() { echo "check-deploy: ok: $*"; }
# Passes with $2 when $1 (problems, one per line) is empty, else fails each.
report() {
  if [ -z "$1" ]; then
    pass "$2"
  else
    while IFS= read -r problem; do fail "$problem"; done <<<"$1"
  fi
}

# --- compose file ----------------------------------------------------------
compose=docker/compose.yaml
if docker-compose -f "$compose" config -q; then
  pass "$compose is valid for docker-compose $(docker-compose version --short)"
else
  fail "$compose does not validate (docker-compose -f $compose config -q)"
fi

# The resolved configuration, read by the checks below.
resolved="$(docker-compose -f "$compose" config 2>/dev/null || true)"
if [ -n "$resolved" ]; then
  problems="$(RESOLVED="$resolved" python3 - <<'EOF'
import os, re, sys, yaml

config = yaml.safe_load(os.environ["RESOLVED"])
problems = []

# Bind mounts: a missing source would be created as an empty directory.
for name, service in config.get("services", {}).items():
    for volume in service.get("volumes", []):
        source = volume.get("source", "") if isinstance(volume, dict) \
            else volume.split(":")[0]
        kind = volume.get("type") if isinstance(volume, dict) else \
            ("bind" if source.startswith(("/", ".")) else "volume")
        if kind == "bind" and not os.path.exists(source):
            problems.append(f"{name}: bind mount source {source} does not exist")

# EDDY_* variables: Eddy stops at start-up on a name that is no key. The
# names of the declared keys come from config/keys.cpp (upper case, '.' and
# '-' as '_'); kafka.* and mqtt.* keys go to librdkafka and paho unchanged,
# so EDDY_KAFKA_* and EDDY_MQTT_* are accepted as such.
import glob
keys = []
# The shared keys, and each job's beside its options in apps/<job>/.
for path in ["config/keys.cpp"] + sorted(glob.glob("apps/*/*.cpp")):
    with open(path) as keys_file:
        keys += re.findall(r'\b\w+_key\(\s*"([A-Za-z0-9_.\-]+)"', keys_file.read())
declared = {"EDDY_" + re.sub(r"[.\-]", "_", key).upper() for key in keys}
for name, service in config.get("services", {}).items():
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    for variable in environment:
        if not variable.startswith("EDDY_"):
            continue
        if variable in declared or variable.startswith(("EDDY_KAFKA_", "EDDY_MQTT_")):
            continue
        problems.append(f"{name}: {variable} names no declared key")
with open("docker/Dockerfile") as dockerfile:
    for variable in re.findall(r"\b(EDDY_[A-Z0-9_]+)=", dockerfile.read()):
        if variable not in declared:
            problems.append(f"docker/Dockerfile: {variable} names no declared key")

print("\n".join(problems))
EOF
)"
  report "$problems" \
    "mounted files exist and every EDDY_* variable (compose, Dockerfile) names a key"
fi

# --- Prometheus and Grafana ------------------------------------------------
if promtool check config docker/prometheus.yml >/dev/null; then
  pass "docker/prometheus.yml passes promtool check config"
else
  fail "promtool check config docker/prometheus.yml reports problems"
fi

grafana_problems="$(python3 - <<'EOF'
import glob, json, yaml

with open("docker/grafana/provisioning/datasources/eddy.yaml") as f:
    uids = {d["uid"]: d["type"] for d in yaml.safe_load(f)["datasources"]}
problems = []
for path in sorted(glob.glob("docker/grafana/dashboards/*.json")):
    try:
        with open(path) as f:
            dashboard = json.load(f)
    except ValueError as e:
        problems.append(f"{path}: not JSON: {e}")
        continue
    for panel in dashboard.get("panels", []):
        for target in [panel] + panel.get("targets", []):
            source = target.get("datasource") or {}
            uid = source.get("uid")
            if uid is not None and uids.get(uid) != source.get("type"):
                problems.append(f"{path}: panel '{panel.get('title')}' names "
                                f"data source {uid} ({source.get('type')}), "
                                "which is not provisioned")
print("\n".join(problems))
EOF
)"
report "$grafana_problems" \
  "Grafana's dashboards are JSON and name provisioned data sources"

# --- Dockerfiles and scripts -----------------------------------------------
# dockerfilelint 1.8 takes a build stage (`FROM runtime`) or an image from a
# build argument (`FROM ${BASE_IMAGE}`) for an image without a tag, so its
# missing_tag rule is off and the check below does it instead.
lint_config=$(mktemp -d)
trap 'rm -rf "$lint_config"' EXIT
printf 'rules:\n  missing_tag: off\n' >"$lint_config/.dockerfilelintrc"
dockerfiles=(docker/Dockerfile tests/compose/standins/Dockerfile
  tests/compose/prebuilt.Dockerfile)
for dockerfile in "${dockerfiles[@]}"; do
  if "$dockerfilelint" -c "$lint_config" "$dockerfile"; then
    pass "$dockerfile passes dockerfilelint $dockerfilelint_version"
  else
    fail "dockerfilelint reports problems in $dockerfile"
  fi
done
untagged="$(python3 - "${dockerfiles[@]}" <<'EOF'
import re, sys

# Every image a Dockerfile names, in FROM or as an image argument's default,
# has a tag; build stages and ${ARG} references are no images.
for path in sys.argv[1:]:
    stages = set()
    with open(path) as f:
        for number, line in enumerate(f, 1):
            image = None
            if m := re.match(r"FROM\s+(\S+)(?:\s+AS\s+(\S+))?", line, re.I):
                image = m.group(1)
                if m.group(2):
                    stages.add(m.group(2))
            elif m := re.match(r"ARG\s+\w*IMAGE=(\S+)", line, re.I):
                image = m.group(1)
            if image and "$" not in image and image not in stages \
                    and not re.search(r"[:@]", image):
                print(f"{path}:{number}: image {image} has no tag")
EOF
)"
report "$untagged" "every image the Dockerfiles name has a tag"

for script in docker/*.sh tests/compose/standins/*/*.sh scripts/compose-e2e.sh; do
  if ! bash -n "$script"; then
    fail "$script has a syntax error"
  elif [ ! -x "$script" ]; then
    fail "$script is not executable"
  else
    pass "$script parses and is executable"
  fi
done

if [ "$failures" -gt 0 ]; then
  echo "check-deploy: $failures problem(s)" >&2
  exit 1
fi
echo "check-deploy: all checks passed"
