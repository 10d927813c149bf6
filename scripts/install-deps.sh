#!/usr/bin/env bash
# Installs the Debian 12 packages Eddy needs to build, test and run.
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  build-essential cmake ninja-build pkg-config git ca-certificates \
  libcaf-dev librdkafka-dev libpaho-mqttpp-dev libpaho-mqtt-dev \
  nlohmann-json3-dev librocksdb-dev libboost1.81-all-dev doctest-dev \
  libgflags-dev libsnappy-dev liblz4-dev libzstd-dev libbz2-dev zlib1g-dev \
  mosquitto mosquitto-clients kafkacat netcat-openbsd curl wrk prometheus
