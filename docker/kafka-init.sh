#!/bin/bash
# One-shot job of the compose deployment: creates the inventory job's topics
# before Eddy and the generator start (the broker's auto-creation is off, so
# a topic missing here fails loudly instead of appearing with 1 partition).
# 16 partitions for the high-throughput topics, as the seed recommends; the
# query input is co-partitioned with the transaction log.
set -euo pipefail
bootstrap="${KAFKA_BOOTSTRAP:-kafka:9092}"
topics=/opt/kafka/bin/kafka-topics.sh

create() {
  "$topics" --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "$1" --partitions "$2" --replication-factor 1
}

create transaction.log.1 16
create transaction.output.log.1 16
create query.input.log.1 16
create query.output.log.1 4
create eddy.dead.letters 1
"$topics" --bootstrap-server "$bootstrap" --describe --topic 'transaction.log.1|transaction.output.log.1|query.input.log.1|query.output.log.1|eddy.dead.letters' \
  | grep -E '^Topic:' || true
