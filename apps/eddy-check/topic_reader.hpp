// Reads a whole Kafka topic once: every partition from its start to the end
// offset it had when reading began.
#pragma once

#include <cstdint>
#include <string>

#include "caf/expected.hpp"

#include "apps/eddy-check/record_log.hpp"

namespace eddy::check {

/// Calls `handle` for every non-empty message payload of `topic`, from the
/// start of each partition to the end offsets taken first (later messages
/// are left out), each partition in order. Reads in a fresh consumer group
/// that commits nothing. Answers how many payloads were handled. Fails with
/// ec::connector_failure when the brokers cannot be reached or do not know
/// the topic (within kafka_request_timeout), or when the topic delivers
/// nothing for kafka_stall_timeout while records are still owed; with what
/// `handle` returned, prefixed by "topic 'T' partition P offset O".
[[nodiscard]] caf::expected<uint64_t>
read_topic_lines(const std::string& topic, const kafka_access& kafka,
                 const line_handler& handle);

} // namespace eddy::check
