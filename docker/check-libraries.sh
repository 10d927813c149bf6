#!/bin/bash
# Run while building the image: fails the build, not the first start, when a
# shared library one of Eddy's binaries links is missing from the image.
set -euo pipefail
missing=""
for binary in /usr/local/bin/eddy*; do
  # The scripts beside the programs have no libraries to find.
  [ "$(head -c 4 "$binary")" = $'\x7fELF' ] || continue
  missing+="$(ldd "$binary" | grep 'not found' || true)"
done
if [ -n "$missing" ]; then
  echo "missing shared libraries:" >&2
  echo "$missing" >&2
  exit 1
fi
