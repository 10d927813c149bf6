#!/usr/bin/env bash
# Builds Eddy in Release (build-release, without the tests) and runs every
# benchmark program, each against its baseline: build output and progress
# on stderr, one Markdown table per program on stdout
# (`bench/run.sh > tables.md`).
#
#   bench/run.sh [--quick] [--repeat N] [PROGRAM...]
#
# PROGRAM is any of throughput, recovery, http, kafka, ipdr, sensors,
# telemetry, machines (default: all, in that order); --quick and --repeat go to each of them
# (see each one's --help).
# Needs the Debian packages scripts/install-deps.sh installs (cmake, ninja,
# wrk for http, clickhouse-server for sensors, postgresql-15 for telemetry:
# install-deps --for-tests; mosquitto for machines).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build-release"
all_programs=(throughput recovery http kafka ipdr sensors telemetry machines)
programs=()
passed=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) passed+=(--quick); shift ;;
    --repeat) passed+=(--repeat "$2"); shift 2 ;;
    throughput|recovery|http|kafka|ipdr|sensors|telemetry|machines)
      programs+=("$1"); shift ;;
    *) echo "bench/run.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[ ${#programs[@]} -gt 0 ] || programs=("${all_programs[@]}")
targets=()
for program in "${programs[@]}"; do targets+=("eddy-bench-$program"); done
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DEDDY_TESTS=OFF >&2
cmake --build "$build" -j2 --target "${targets[@]}" >&2
for program in "${programs[@]}"; do
  echo "bench/run.sh: eddy-bench-$program ${passed[*]:-}" >&2
  "$build/bin/eddy-bench-$program" "${passed[@]}"
  echo
done
