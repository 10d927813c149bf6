// How many partitions a job's Kafka inputs have. In a cluster a key's owner
// is the partition it hashes to, so every input of a job must have the same
// number (be co-partitioned) for a key to have one owner across them.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "caf/expected.hpp"

#include "connectors/kafka/kafka_properties.hpp"

namespace eddy {

/// The partition count `topics` share, asking the broker for at most
/// `timeout` with a consumer made from `properties` (which need
/// bootstrap.servers and group.id; it joins no group). Fails with
/// ec::invalid_config naming two topics whose counts differ, and as
/// kafka_consumer::offsets when a topic does not exist or the broker does
/// not answer.
[[nodiscard]] caf::expected<int32_t>
co_partitioned_count(kafka_properties properties,
                     const std::vector<std::string>& topics,
                     std::chrono::milliseconds timeout);

} // namespace eddy
