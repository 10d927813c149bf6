// Which Kafka partition a record key belongs to, as Kafka's Java producer
// (and so Kafka Streams and Flink) places it: murmur2 of the key's bytes.
// In a cluster of Eddy processes, that partition's owner owns the key.
#pragma once

#include <cstdint>
#include <string_view>

namespace eddy {

/// The partition of `partitions` (> 0) that Java's default partitioner
/// sends `key` to: toPositive(murmur2(key)) % partitions.
int32_t kafka_partition_of(std::string_view key, int32_t partitions);

} // namespace eddy
