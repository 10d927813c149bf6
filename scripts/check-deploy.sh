#!/usr/bin/env bash
# Checks the Docker deployment without a Docker engine: validates
# docker/compose.yaml with docker-compose 1.29 (Debian's), lints
# docker/Dockerfile with dockerfilelint, and checks that the files the
# compose file mounts exist and that every EDDY_* variable it sets names a
# configuration key. Installs what it needs (apt, root or sudo; dockerfilelint
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
  if [ -z "$problems" ]; then
    pass "mounted files exist and every EDDY_* variable (compose, Dockerfile) names a key"
  else
    while IFS= read -r problem; do fail "$problem"; done <<<"$problems"
  fi
fi

# --- Dockerfile and scripts ------------------------------------------------
if "$dockerfilelint" docker/Dockerfile; then
  pass "docker/Dockerfile passes dockerfilelint $dockerfilelint_version"
else
  fail "dockerfilelint reports problems in docker/Dockerfile"
fi

for script in docker/*.sh; do
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
