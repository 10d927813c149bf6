#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang in build-fuzz/ and
# runs each for a bounded time on a copy of its seed corpus
# (tests/fuzz/corpus/<name>/, left unchanged); fails if any target crashes,
# leaks, trips a sanitizer or breaks one of its properties.
#   scripts/fuzz.sh                       every target, 20 s each
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
failed=()
for name in "${names[@]}"; do
  cp -r "tests/fuzz/corpus/$name" "$work/$name"
  crashes="$build_dir/fuzz-crashes/$name"
  mkdir -p "$crashes"
  log="$build_dir/fuzz-logs/$name.log"
  # One allocation over 256 MiB is a failure: inputs are a few KiB.
  if "$build_dir/bin/${name}_fuzz" "$work/$name" \
      -max_total_time="$seconds" -timeout=10 -malloc_limit_mb=256 \
      -rss_limit_mb=2048 -artifact_prefix="$crashes/" >"$log" 2>&1; then
    echo "fuzz: $name ok: $(grep -o 'Done [0-9]* runs' "$log" | tail -1)," \
      "$(ls "$work/$name" | wc -l) inputs in its corpus"
  else
    echo "fuzz: $name FAILED (input kept in $crashes/):"
    grep -E 'ERROR|runtime error|property broken|SUMMARY|^    #[0-5] ' "$log" |
      cut -c1-200 | head -20 || true
    failed+=("$name")
  fi
done
echo "fuzz: done in $((SECONDS - started)) s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failed: ${failed[*]} (logs in $build_dir/fuzz-logs/)"
  exit 1
fi
