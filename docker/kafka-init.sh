#!/bin/bash
# One-shot job of the compose deployment: creates the five jobs' topics
# before Eddy and the generators start (the broker's auto-creation is off, so
# a topic missing here fails loudly instead of appearing with 1 partition).
# 16 partitions for the inventory's high-throughput topics, as its seed
# recommends, the query input co-partitioned with the transaction log; 4 for
# the other jobs' (Eddy's default partitions).
set -euo pipefail
bootstrap="${KAFKA_BOOTSTRAP:-kafka:9092}"
topics=/opt/kafka/bin/kafka-topics.sh

create() {
  "$topics" --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "$1" --partitions "$2" --replication-factor 1
}

# inventory (seed 002)
create transaction.log.1 16
create transaction.output.log.1 16
create query.input.log.1 16
create query.output.log.1 4
# ipdr (seed 000)
create ipdr_input 4
create ipdr_output 4
# sensors (seed 001)
create iot-sensor-data 4
create sensor-alerts 4
# telemetry (seed 004; its input comes over MQTT)
create validated_telemetry 4
# machines (seed 003; its input comes over MQTT)
create machine.data 4
create machine.out 4
# every job's malformed records
create eddy.dead.letters 1
"$topics" --bootstrap-server "$bootstrap" --describe \
  --topic 'transaction\..*|query\..*|ipdr_.*|iot-sensor-data|sensor-alerts|validated_telemetry|machine\..*|eddy\.dead\.letters' \
  | grep -E '^Topic:' || true
