#!/usr/bin/env bash
# Installs the Debian 12 packages Eddy needs to build, test and run.
#   scripts/install-deps.sh              to build and run (also the image)
#   scripts/install-deps.sh --for-tests  also the browser the tests drive,
#                                        ClickHouse they start, and clang
#                                        for the sanitized build and
#                                        libFuzzer for scripts/fuzz.sh
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
# The dashboard's libraries come from npm at build time. Debian ships npm
# as a package of its own; a NodeSource nodejs bundles npm and conflicts
# with that package, so npm is asked for only when there is none.
node_packages=(nodejs)
command -v npm >/dev/null || node_packages+=(npm)
test_packages=()
# clang builds the sanitized tests and the fuzz targets (lld links the
# former); libclang-rt-14-dev holds libFuzzer and the sanitizer runtimes
# clang links; llvm the symbolizer that puts names in their stack traces.
# clickhouse-server and clickhouse-client (18.16): the ClickHouse sink's
# integration tests and eddy-bench-sensors start a real server of their own
# (the package's service is not needed and need not run); so do
# PostgreSQL 15 (the telemetry job's sink, run as the postgres user) and
# InfluxDB 1.x (line protocol: QuestDB's stand-in, and the machines job's).
[ "${1:-}" = "--for-tests" ] &&
  test_packages+=(chromium clang lld libclang-rt-14-dev llvm
                  clickhouse-server clickhouse-client
                  postgresql-15 influxdb influxdb-client)
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  build-essential cmake ninja-build pkg-config git ca-certificates \
  libcaf-dev librdkafka-dev libpaho-mqttpp-dev libpaho-mqtt-dev \
  nlohmann-json3-dev libsimdjson-dev libavro-dev libpq-dev libcctz-dev tzdata librocksdb-dev libboost1.81-all-dev doctest-dev \
  libgflags-dev libsnappy-dev liblz4-dev libzstd-dev libbz2-dev zlib1g-dev \
  libspdlog-dev mosquitto mosquitto-clients kafkacat netcat-openbsd curl wrk prometheus \
  "${node_packages[@]}" "${test_packages[@]}"
