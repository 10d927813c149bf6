#!/usr/bin/env bash
# Brings the docker-compose deployment (docker/compose.yaml) up for real on
# this machine and checks it from the host, then takes it down again.
#
# No image can be pulled here, so the script starts its own Docker engine
# (data and exec roots in a temporary directory, no iptables, no bridge),
# builds a Debian 12 base image with debootstrap, Eddy's image from
# docker/Dockerfile's runtime stage on that base with the binaries of
# build/ copied in, and stand-ins for the peer images from Debian's packages
# (tests/compose/standins/). tests/compose/compose.e2e.yaml swaps only their
# `image:` and puts every service on the host's network, where the
# published `ports:` go (each service listens on the host's port itself);
# every other line of compose.yaml is what runs. Grafana has no Debian
# package: it is not started, but its dashboards' queries are run against
# the real Prometheus and InfluxDB here.
#
# Checks: every service healthy, a stock on /v1/items, each job's output
# (Kafka topics, ClickHouse, PostgreSQL and InfluxDB rows), Prometheus
# scraping Eddy, the dashboard served, nothing dead-lettered;
# `docker-compose restart eddy` keeps every stock, and so does a start from
# a savepoint (docker/README.md's steps); `down -v` leaves nothing behind. Needs root (dockerd; it
# re-runs itself with sudo otherwise) and the ports the services use free.
#   scripts/compose-e2e.sh     builds what is missing, runs, cleans up
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

log() { echo "compose-e2e: [$((SECONDS - started))s] $*"; }
fail() {
  echo "compose-e2e: FAIL: $*" >&2
  exit 1
}

# It starts a Docker engine of its own, which needs root.
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || fail "run as root (or with sudo): it starts a Docker engine"
  exec sudo --preserve-env=PATH "$0" "$@"
fi

# --- tools -----------------------------------------------------------------
export DEBIAN_FRONTEND=noninteractive
needed=()
command -v dockerd >/dev/null || needed+=(docker.io)
command -v docker-compose >/dev/null || needed+=(docker-compose)
command -v debootstrap >/dev/null || needed+=(debootstrap)
command -v kcat >/dev/null || needed+=(kcat)
command -v curl >/dev/null || needed+=(curl)
command -v psql >/dev/null || needed+=(postgresql-client)
command -v jq >/dev/null || needed+=(jq)
python3 -c 'import yaml' 2>/dev/null || needed+=(python3-yaml)
if [ ${#needed[@]} -gt 0 ]; then
  log "installing ${needed[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
fi
# Debian's client, whatever else is on PATH: it speaks the engine's API.
docker=/usr/bin/docker

# --- Eddy's binaries ---------------------------------------------------------
build_dir=build
binaries=(eddy eddy-gen eddy-devkafka)
if [ ! -f "$build_dir/build.ninja" ]; then
  scripts/install-deps.sh
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build_dir" -j2 --target "${binaries[@]}" >/dev/null
log "binaries built"

# --- ports -----------------------------------------------------------------
# Host networking: each service listens on the host's ports.
ports=(1883 5432 8080 8086 8088 8123 9000 9009 9090 9092 9099)
for port in "${ports[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port on 127.0.0.1 is in use; the deployment needs it"
  fi
done

# --- a Docker engine of our own ----------------------------------------------
cache_dir=$build_dir/compose-e2e
mkdir -p "$cache_dir"
work=$(mktemp -d /tmp/eddy-compose-e2e.XXXXXX)
export DOCKER_HOST="unix://$work/docker.sock"
# compose.yaml with the override, resolved, then without `ports:`, which a
# service on the host's network cannot have (Docker would discard them;
# docker-compose 1.29 refuses them): there each service listens on the
# host's ports itself, the ones compose.yaml publishes.
resolved=$work/compose.resolved.yaml
# The admin endpoints on, for the savepoint (as docker/README.md says).
EDDY_ADMIN_TOKEN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
export EDDY_ADMIN_TOKEN
docker-compose --project-directory docker -f docker/compose.yaml \
  -f tests/compose/compose.e2e.yaml config |
  python3 -c 'import sys, yaml
config = yaml.safe_load(sys.stdin)
for service in config["services"].values():
    service.pop("ports", None)
yaml.safe_dump(config, sys.stdout, sort_keys=False)' >"$resolved"
project=(docker-compose --project-name eddy-e2e --project-directory docker
  -f "$resolved")

dockerd_pid=""
cleanup() {
  local status=$?
  if [ $status -ne 0 ] && [ -n "$dockerd_pid" ]; then
    "${project[@]}" ps >&2 || true
    "${project[@]}" logs --tail=40 >&2 || true
  fi
  if [ -n "$dockerd_pid" ]; then
    "${project[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
    kill "$dockerd_pid" 2>/dev/null || true
    for _ in $(seq 60); do
      kill -0 "$dockerd_pid" 2>/dev/null || break
      sleep 0.5
    done
  fi
  # Overlay mounts left by a killed engine must go before the directory.
  grep -o " $work/[^ ]*" /proc/mounts | sort -r | xargs -r umount -l || true
  rm -rf "$work"
}
trap cleanup EXIT

dockerd --data-root "$work/data" --exec-root "$work/exec" \
  --pidfile "$work/docker.pid" -H "$DOCKER_HOST" \
  --iptables=false --ip-forward=false --bridge=none \
  >"$work/dockerd.log" 2>&1 &
dockerd_pid=$!
for _ in $(seq 60); do
  $docker info >/dev/null 2>&1 && break
  kill -0 "$dockerd_pid" 2>/dev/null || fail "dockerd exited: $(tail -5 "$work/dockerd.log")"
  sleep 0.5
done
$docker info >/dev/null || fail "dockerd did not answer"
log "dockerd $($docker version --format '{{.Server.Version}}') running (pid $dockerd_pid)"

# --- images ----------------------------------------------------------------
base=eddy-e2e/debian:bookworm
rootfs_tar=$cache_dir/debian-bookworm-minbase.tar
if [ ! -f "$rootfs_tar" ]; then
  log "debootstrap bookworm (cached in $rootfs_tar)"
  debootstrap --variant=minbase bookworm "$work/rootfs" http://deb.debian.org/debian >/dev/null
  tar -C "$work/rootfs" -cf "$rootfs_tar.part" .
  mv "$rootfs_tar.part" "$rootfs_tar"
  rm -rf "$work/rootfs"
fi
$docker import "$rootfs_tar" "$base" >/dev/null
log "base image $base imported"

# Eddy: the runtime stage of the users' Dockerfile, then the binaries built
# above instead of the build stage's.
build() { $docker build -q --network host "$@" >/dev/null; }
build --build-arg BASE_IMAGE="$base" --target runtime -t eddy-e2e/runtime \
  -f docker/Dockerfile .
context=$work/context
mkdir -p "$context/bin" "$context/share/eddy"
for binary in "${binaries[@]}"; do
  install -s -m 0755 "$build_dir/bin/$binary" "$context/bin/"
done
cp -r "$build_dir/share/eddy/static" "$context/share/eddy/static"
cp -r tests/compose/standins/. "$context/"
build --build-arg RUNTIME=eddy-e2e/runtime -t eddy:latest \
  -f tests/compose/prebuilt.Dockerfile "$context"
log "image eddy:latest built"
for peer in kafka mosquitto clickhouse postgres influxdb prometheus; do
  build --build-arg BASE_IMAGE="$base" --target "$peer" \
    -t "eddy-e2e/$peer" -f "$context/Dockerfile" "$context"
done
log "stand-in images built"

# --- up --------------------------------------------------------------------
# Every service but Grafana (no Debian package to stand in for it).
mapfile -t services < <("${project[@]}" config --services | grep -vx grafana)
up_started=$SECONDS
"${project[@]}" up -d --no-build "${services[@]}" 2>&1 | sed 's/^/  /'

# $1: service; echoes its container's health (or state when it has none).
health_of() {
  local id
  id=$("${project[@]}" ps -q "$1")
  [ -n "$id" ] || { echo missing; return; }
  $docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}:{{.State.ExitCode}}{{end}}' "$id"
}

# Waits up to $2 seconds for `$1` (a shell command) to succeed.
wait_for() {
  local what=$1 timeout=$2 deadline=$((SECONDS + $2))
  until eval "$what" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || fail "not within ${timeout}s: $what"
    sleep 2
  done
}

all_healthy() {
  local service state
  for service in "${services[@]}"; do
    state=$(health_of "$service")
    case "$service:$state" in
      kafka-init:exited:0 | gen-*:running:0 | *:healthy) ;;
      *) return 1 ;;
    esac
  done
}
wait_for all_healthy 240
log "every service healthy (kafka-init done) $((SECONDS - up_started))s after up"

# --- checks from the host ----------------------------------------------------
api=http://127.0.0.1:8080
# Whole answers in variables: `curl | grep -q` fails under pipefail when grep
# stops reading first.
page=$(curl -sf "$api/") && [[ ${page,,} == *"<html"* ]] ||
  fail "the dashboard is not served on $api/"
jobs=$(curl -sf "$api/v1/jobs")
for job in inventory ipdr sensors telemetry machines; do
  state=$(jq -r --arg job "$job" '.jobs[] | select(.name == $job) | .state' <<<"$jobs")
  [ "$state" = running ] || fail "job $job is '$state' on /v1/jobs, not running"
done
log "dashboard served; /v1/jobs lists all five jobs running"

wait_for "curl -sf $api/v1/items/item_1 | jq -e '.quantity != null'" 60
log "stock answered: $(curl -sf "$api/v1/items/item_1")"

# $1: topic; true once it holds a record.
topic_has_records() {
  [ -n "$(kcat -b 127.0.0.1:9092 -C -t "$1" -c 1 -e -q -m 5)" ]
}
for topic in transaction.output.log.1 ipdr_output validated_telemetry \
  machine.data machine.out; do
  wait_for "topic_has_records $topic" 180
done
log "records on every job's output topic $((SECONDS - up_started))s after up"

clickhouse_rows() {
  curl -sf 'http://127.0.0.1:8123/' --data-binary \
    'SELECT count() FROM benchmark.sensor_rollups'
}
postgres_rows() {
  psql -Atq postgresql://eddy:eddy@127.0.0.1:5432/telemetry \
    -c 'SELECT count(*) FROM sensor_readings'
}
influx_powers() {
  curl -sfG http://127.0.0.1:8086/query --data-urlencode db=machinedata \
    --data-urlencode "q=SELECT count(result) FROM machinedata WHERE quantity =~ /^vaPower_/" |
    jq -r '.results[0].series[0].values[0][1] // 0'
}
wait_for '[ "$(clickhouse_rows)" -gt 0 ]' 180
wait_for '[ "$(postgres_rows)" -gt 0 ]' 120
wait_for '[ "$(influx_powers)" -gt 0 ]' 120
log "rows in ClickHouse ($(clickhouse_rows) rollups), PostgreSQL" \
  "($(postgres_rows) readings), InfluxDB ($(influx_powers) powers)"

prometheus=http://127.0.0.1:9090
target_up() {
  curl -sf "$prometheus/api/v1/targets" |
    jq -e '.data.activeTargets[] | select(.labels.job == "eddy" and .health == "up")'
}
wait_for target_up 60
# Grafana's dashboards, checked by what they ask: every panel's query
# answers with data from the real Prometheus and InfluxDB.
promql_has_data() {
  curl -sfG "$prometheus/api/v1/query" --data-urlencode "query=$1" |
    jq -e '.data.result | length > 0'
}
while IFS= read -r expr; do
  expr=${expr//\$__rate_interval/1m}
  wait_for "promql_has_data $(printf '%q' "$expr")" 60
done < <(jq -r '.panels[].targets[]?.expr' docker/grafana/dashboards/eddy.json)
influxql_has_data() {
  curl -sfG http://127.0.0.1:8086/query --data-urlencode db=machinedata \
    --data-urlencode "q=$1" | jq -e '.results[0].series | length > 0'
}
while IFS= read -r query; do
  query=${query//\$timeFilter/time > now() - 10m}
  query=${query//\$__interval/10s}
  wait_for "influxql_has_data $(printf '%q' "$query")" 60
done < <(jq -r '.panels[].targets[]?.query' docker/grafana/dashboards/machine-power.json)
log "Prometheus scrapes Eddy; every Grafana panel's query has data"

# eddy-gen and eddy agree on every job's format: nothing was dead-lettered.
malformed=$(curl -sf "$api/metrics" |
  awk '/^eddy_malformed_records_total/ { n += $NF } END { print n + 0 }')
if [ "$malformed" != 0 ]; then
  curl -sf "$api/metrics" | grep '^eddy_malformed_records_total' | grep -v ' 0$' >&2
  kcat -b 127.0.0.1:9092 -C -t eddy.dead.letters -e -q -f '%k %s\n' >&2
  fail "$malformed records were dead-lettered"
fi
log "no record dead-lettered"

# Each MQTT client keeps its connection: two with one client id would make
# the broker close each in turn.
takeovers=$("${project[@]}" logs --no-color mosquitto | grep -c 'already connected' || true)
[ "$takeovers" = 0 ] || fail "mosquitto closed $takeovers connections for a client id in use"
log "no MQTT client id used twice"

# --- restart ---------------------------------------------------------------
# With the transactions stopped and consumed, a restart keeps every stock.
"${project[@]}" stop gen-inventory 2>&1 | sed 's/^/  /'
ids=$(printf 'item_%d,' $(seq 1 50))
stocks() { curl -sf "$api/v1/items?ids=${ids%,}" | jq -cS .; }
settled() {
  local a b
  a=$(stocks) && sleep 3 && b=$(stocks) && [ "$a" = "$b" ]
}
wait_for settled 60
before=$(stocks)
# Records the running Eddy's inventory read from its inputs since it started.
inventory_records_read() {
  curl -sf "$api/metrics" | awk '/^eddy_records_in_total\{job="inventory",actor="source\// { n += $NF }
    END { print n + 0 }'
}
started_at() { $docker inspect -f '{{.State.StartedAt}}' "$("${project[@]}" ps -q eddy)"; }
first_start=$(started_at)
"${project[@]}" restart eddy 2>&1 | sed 's/^/  /'
[ "$(started_at)" != "$first_start" ] || fail "eddy's container did not restart"
wait_for '[ "$(health_of eddy)" = healthy ]' 120
after=$(stocks)
[ "$before" = "$after" ] || fail "stocks changed across the restart: $before vs $after"
# Not by reading the log again from the start: from the state it kept.
[ "$(inventory_records_read)" = 0 ] ||
  fail "after the restart the inventory read $(inventory_records_read) records again"
log "restart of eddy kept all 50 stocks, reading nothing again"

# --- savepoint -------------------------------------------------------------
# As docker/README.md says: take one, stop Eddy, empty the job's state, start
# from the savepoint: the same stocks.
savepoint=$(curl -sf -X POST -H "Authorization: Bearer $EDDY_ADMIN_TOKEN" \
  "$api/v1/jobs/inventory/savepoints" | jq -r .path)
[ -n "$savepoint" ] && [ "$savepoint" != null ] || fail "no savepoint taken"
"${project[@]}" stop eddy 2>&1 | sed 's/^/  /'
"${project[@]}" run --rm --no-deps --entrypoint rm eddy -rf /var/lib/eddy/state/inventory
"${project[@]}" run -d --no-deps --service-ports --name eddy-from-savepoint \
  eddy --from-savepoint "inventory=$savepoint" >/dev/null
wait_for "[ \"\$(stocks)\" = $(printf '%q' "$before") ]" 120
[ "$(inventory_records_read)" = 0 ] ||
  fail "started from the savepoint, the inventory read $(inventory_records_read) records again"
$docker rm -f eddy-from-savepoint >/dev/null
log "Eddy started from savepoint $savepoint with all 50 stocks, reading nothing again"

# --- down ------------------------------------------------------------------
"${project[@]}" down -v 2>&1 | sed 's/^/  /'
left=$($docker ps -aq; $docker volume ls -q)
[ -z "$left" ] || fail "left behind after down -v: $left"
log "down -v left no container and no volume"
log "passed in $((SECONDS - started))s"
