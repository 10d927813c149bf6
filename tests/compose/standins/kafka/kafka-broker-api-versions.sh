#!/bin/bash
# Stand-in for Kafka's kafka-broker-api-versions.sh as compose.yaml's health
# check calls it: succeeds once the broker at --bootstrap-server answers a
# metadata request.
set -euo pipefail
bootstrap=""
while [ $# -gt 0 ]; do
  case "$1" in
    --bootstrap-server) bootstrap=$2; shift 2 ;;
    *) shift ;;
  esac
done
exec kcat -b "${bootstrap:?--bootstrap-server is needed}" -L -m 5 >/dev/null
