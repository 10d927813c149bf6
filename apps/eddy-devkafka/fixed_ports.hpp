// Lets librdkafka's mock brokers listen on chosen ports: librdkafka 2.0.2
// always binds them to 127.0.0.1 with port 0 (any free port).
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
