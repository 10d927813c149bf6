#!/usr/bin/env bash
# Installs what Eddy needs, builds it with its tests and runs every test.
#   scripts/test.sh              the README's test command
#   scripts/test.sh --sanitize   the same under AddressSanitizer and UBSan
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build
cmake_args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
ctest_args=()
if [ "${1:-}" = "--sanitize" ]; then
  build_dir=build-sanitize
  # clang builds the unoptimised, instrumented code in less than half
  # GCC's time; its sanitizers are the reference ones.
  export CC=clang CXX=clang++
  cmake_args=(-DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1
              -DEDDY_SANITIZE=ON -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld)
  # The 20-kill fault run restarts eddy 21 times (4 min in Release, far more
  # instrumented); the same recovery paths run under the sanitizers in the
  # in-process recovery tests.
  ctest_args=(-E "20 kill -9s")
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
fi

scripts/install-deps.sh --for-tests
cmake -S . -B "$build_dir" -G Ninja "${cmake_args[@]}"
cmake --build "$build_dir" -j2
ctest --test-dir "$build_dir" --output-on-failure --timeout 600 -j2 "${ctest_args[@]}"
