// A Kafka producer that never loses a message silently: full local queues
// make send() wait, and flush() reports every failed delivery.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "caf/expected.hpp"

#include "connectors/kafka/kafka_properties.hpp"

namespace eddy {

/// Thread-safe: several writers may share one producer (one connection set,
/// one idempotence sequence).
class kafka_producer {
public:
  /// Creates a producer with `properties` passed to librdkafka unchanged,
  /// plus `enable.idempotence=true` unless set (retries never duplicate or
  /// reorder). Fails with ec::invalid_config naming a bad property and
  /// librdkafka's reason.
  [[nodiscard]] static caf::expected<kafka_producer>
  make(const kafka_properties& properties);

  kafka_producer(kafka_producer&&) noexcept;
  kafka_producer& operator=(kafka_producer&&) noexcept;

  /// Waits up to 5 s for outstanding deliveries, then logs how many messages
  /// were never delivered and drops them.
  ~kafka_producer();

  /// Enqueues one message (payload and key are copied). An empty key sends
  /// no key, so the partitioner spreads such messages. While the local queue
  /// is full it serves delivery reports and tries again, which blocks the
  /// caller (backpressure). Fails with ec::connector_failure naming the
  /// topic for a message librdkafka cannot take at all (e.g. too large) or
  /// after a fatal producer error.
  [[nodiscard]] caf::expected<void> send(const std::string& topic,
                                         std::string_view key,
                                         std::string_view payload);

  /// Waits until every message enqueued so far is delivered or has failed.
  /// Fails with ec::connector_failure if `timeout` passed first, or if any
  /// delivery failed since the previous flush (naming the topic, partition
  /// and reason of the first one, and how many failed).
  [[nodiscard]] caf::expected<void> flush(std::chrono::milliseconds timeout);

  /// Messages the brokers acknowledged.
  uint64_t delivered() const noexcept;

  /// Messages whose delivery failed (each is reported by one flush()).
  uint64_t failed() const noexcept;

  /// "topic T partition P: reason" of the latest failed delivery, or empty.
  std::string last_failure() const;

private:
  struct impl;
  explicit kafka_producer(std::unique_ptr<impl> ptr);
  std::unique_ptr<impl> impl_;
};

} // namespace eddy
