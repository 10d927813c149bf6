#!/usr/bin/env bash
# Builds Eddy in Release (build-release, without the tests) and runs the
# recovery benchmark: build output and progress on stderr, the Markdown
# table on stdout (`bench/run.sh > table.md`).
# Arguments go to eddy-bench-recovery, e.g. `bench/run.sh --quick`.
# Needs the Debian packages scripts/install-deps.sh installs, cmake and ninja.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build-release"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DEDDY_TESTS=OFF >&2
cmake --build "$build" -j2 --target eddy-bench-recovery >&2
exec "$build/bin/eddy-bench-recovery" "$@"
