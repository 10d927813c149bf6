// How librdkafka's mock brokers listen. librdkafka 2.0.2 always binds them
// to 127.0.0.1 with port 0 (any free port) and leaves Nagle's algorithm on
// their connections; broker_listeners.cpp replaces bind() to change both.
//
// Nagle on: a mock broker answering several pipelined requests on one
// connection holds each answer after the first until the client ACKs, and
// Linux delays that ACK up to 40 ms. A producer's flush over 4 partitions
// took ~45 ms instead of under 1. Kafka brokers set TCP_NODELAY, so every
// broker listener gets it (accepted connections inherit it).
#pragma once

#include <cstdint>

namespace eddy::devkafka {

/// Until end_fixed_ports(), every bind() to 127.0.0.1 port 0 in this process
/// gets `first`, `first + 1`, ... instead. Call around
/// rd_kafka_mock_cluster_new, which binds one listener per broker.
void begin_fixed_ports(uint16_t first);

/// Lets bind() pick free ports again.
void end_fixed_ports();

} // namespace eddy::devkafka
