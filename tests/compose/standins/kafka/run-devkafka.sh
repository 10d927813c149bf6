#!/bin/bash
# Stand-in for the apache/kafka image's broker: the dev Kafka cluster on
# 9092 (one broker; the KAFKA_* variables of compose.yaml configure a real
# broker and are ignored here), taking topic requests on 9099.
exec /usr/local/bin/eddy-devkafka --port 9092 --admin-port 9099
