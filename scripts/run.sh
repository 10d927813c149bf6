#!/usr/bin/env bash
# Installs what Eddy needs, builds it and starts the server on its
# embedded default: the inventory job fed by the built-in generator, with
# the API at http://127.0.0.1:8080. Extra arguments go to eddy, e.g.
#   scripts/run.sh --set http.port=9090
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j2 --target eddy eddy-gen eddy-devkafka
exec build/bin/eddy "$@"
