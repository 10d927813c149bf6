// Kafka clients for tests: properties that suit the dev cluster, a reader
// that collects what landed on a topic, and a writer of messages.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "connectors/kafka/consumer.hpp"
#include "connectors/kafka/kafka_properties.hpp"

namespace eddy::test {

/// Properties for a test client of `bootstrap_servers`; given a group id,
/// for a consumer in that group with a 6 s session timeout (the dev
/// cluster's rebalances wait `session.timeout.ms - 1 s` for members; the
/// default would take 44 s).
kafka_properties test_kafka_properties(const std::string& bootstrap_servers,
                                       const std::string& group_id = "");

/// A group id no other test uses.
std::string unique_group_id();

/// Which messages of transactional producers a reader sees.
enum class isolation {
  /// Only those of committed transactions (librdkafka's default).
  read_committed,
  /// Every message written, aborted or open transactions included.
  read_uncommitted,
};

/// Reads `topics` from the earliest offset in a fresh group until `count`
/// messages arrived or `timeout` passed; answers what arrived, in the order
/// polled. Throws std::runtime_error if the consumer cannot be made.
std::vector<kafka_message>
read_messages(const std::string& bootstrap_servers,
              const std::vector<std::string>& topics, size_t count,
              std::chrono::milliseconds timeout = std::chrono::seconds{30},
              isolation level = isolation::read_committed);

/// Writes `payloads` to `topic`, keyed by `keys`, and waits until all are
/// acknowledged; fails the test if one is not.
void produce_messages(const std::string& bootstrap_servers,
                      const std::string& topic,
                      const std::vector<std::string>& keys,
                      const std::vector<std::string>& payloads);

} // namespace eddy::test
