// The throughput figures' baseline: a bare librdkafka consumer reading the
// input topic, no parsing, no copies, no group.
#pragma once

#include <cstdint>
#include <string>

#include "connectors/kafka/kafka_properties.hpp"

namespace eddy::bench {

/// What one read of the topic took, in milliseconds since the consumer was
/// made.
struct bare_read {
  uint64_t records = 0;
  uint64_t bytes = 0; // keys and payloads
  double first_record_ms = 0;
  double last_record_ms = 0;

  /// Records per second from the first record to the last (start-up, i.e.
  /// connecting and the first fetch, left out).
  double rate() const;
};

/// Makes a librdkafka consumer with `properties` (those eddy's source gets,
/// plus the defaults kafka_consumer adds), assigns partitions 0 to
/// `partitions`-1 of `topic` from their beginning (no group join) and
/// polls until it has read `records` messages, touching only their lengths.
/// Throws bench_failure if the consumer cannot be made or the messages do
/// not arrive within step_timeout.
bare_read read_with_bare_consumer(const kafka_properties& properties,
                                  const std::string& topic, int partitions,
                                  uint64_t records);

} // namespace eddy::bench
