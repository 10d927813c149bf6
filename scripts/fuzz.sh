#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang in build-fuzz/ and
# runs each for a bounded time on a copy of its seed corpus
# (tests/fuzz/corpus/<name>/, left unchanged); fails if any target crashes,
# leaks, trips a sanitizer or breaks one of its properties.
#   scripts/fuzz.sh                       every target, 20 s each, one
#                                         per core at a time
#   scripts/fuzz.sh --seconds 300 tab_codec json_codec
# A failing input is kept in build-fuzz/fuzz-crashes/<name>/ and the
# target's output in build-fuzz/fuzz-logs/<name>.log; replay an input with
# build-fuzz/bin/<name>_fuzz FILE.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=20
if [ "${1:-}" = "--seconds" ]; then
  seconds=$2
  shift 2
fi
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for dir in tests/fuzz/corpus/*/; do
    names+=("$(basename "$dir")")
  done
fi

# clang and libFuzzer come with the test packages.
runtime_dir=$(clang++ -print-runtime-dir 2>/dev/null || true)
if [ ! -e "$runtime_dir/libclang_rt.fuzzer-x86_64.a" ]; then
  scripts/install-deps.sh --for-tests
fi

build_dir=build-fuzz
started=$SECONDS
echo "fuzz: building ${#names[@]} targets with clang in $build_dir"
CC=clang CXX=clang++ cmake -S . -B "$build_dir" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEDDY_FUZZ=ON >/dev/null
cmake --build "$build_dir" -j2 --target "${names[@]/%/_fuzz}"
echo "fuzz: built in $((SECONDS - started)) s; $seconds s per target"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$build_dir/fuzz-logs"
export UBSAN_OPTIONS=print_stacktrace=1

# Runs one target; its verdict (first line "fuzz: <name> ok" or
# "... FAILED") is kept in $work/<name>.verdict and printed in one piece,
# so that targets running side by side do not mix their lines.
fuzz_one() {
  local name=$1
  local verdict="$work/$name.verdict"
  cp -r "tests/fuzz/corpus/$name" "$work/$name"
  local crashes="$build_dir/fuzz-crashes/$name"
  mkdir -p "$crashes"
  local log="$build_dir/fuzz-logs/$name.log"
  # One allocation over 256 MiB is a failure: inputs are a few KiB.
  if "$build_dir/bin/${name}_fuzz" "$work/$name" \
      -max_total_time="$seconds" -timeout=10 -malloc_limit_mb=256 \
      -rss_limit_mb=2048 -artifact_prefix="$crashes/" >"$log" 2>&1; then
    echo "fuzz: $name ok: $(grep -o 'Done [0-9]* runs' "$log" | tail -1)," \
      "$(ls "$work/$name" | wc -l) inputs in its corpus" >"$verdict"
  else
    {
      echo "fuzz: $name FAILED (input kept in $crashes/):"
      grep -E 'ERROR|runtime error|property broken|SUMMARY|^    #[0-5] ' \
        "$log" | cut -c1-200 | head -20 || true
    } >"$verdict"
  fi
  cat "$verdict"
}

# One target per core: each fuzzer runs on one thread.
at_once=$(nproc)
for name in "${names[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$at_once" ]; do
    wait -n || true
  done
  fuzz_one "$name" &
done
wait
failed=()
for name in "${names[@]}"; do
  grep -q "^fuzz: $name ok" "$work/$name.verdict" || failed+=("$name")
done
echo "fuzz: done in $((SECONDS - started)) s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failed: ${failed[*]} (logs in $build_dir/fuzz-logs/)"
  exit 1
fi
