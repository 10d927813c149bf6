// A Kafka producer that never loses a message silently: full local queues
// make send() wait, and flush() reports every failed delivery. With a
// `transactional.id` it writes in transactions (exactly-once output).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "caf/expected.hpp"

#include "connectors/kafka/kafka_properties.hpp"
#include "messages/log.hpp"

namespace eddy {

/// Thread-safe: several writers may share one producer (one connection set,
/// one idempotence sequence). A transactional producer is the exception:
/// its transaction covers everything sent through it, so it belongs to one
/// writer, which alone calls send(), flush() and the transaction functions
/// (one writer per `transactional.id`).
class kafka_producer {
public:
  /// How long make() waits for a transactional producer's id and epoch,
  /// retrying retriable errors (coordinator not available, timeouts).
  static constexpr std::chrono::milliseconds default_init_timeout{30'000};

  /// Creates a producer with `properties` passed to librdkafka unchanged,
  /// plus `enable.idempotence=true` unless set (retries never duplicate or
  /// reorder). Fails with ec::invalid_config naming a bad property and
  /// librdkafka's reason.
  ///
  /// With `transactional.id` set, also registers the id with the
  /// transaction coordinator (init_transactions: this fences any older
  /// producer with the same id and aborts its open transaction), waiting
  /// at most `init_timeout`, and begins the first transaction. Fails with
  /// ec::connector_failure naming the id and librdkafka's reason when
  /// either does not succeed (e.g. no broker answered in time).
  ///
  /// Its log lines name `log_context`; without an actor, the client
  /// (librdkafka's name for it, "<client.id>#producer-<n>").
  [[nodiscard]] static caf::expected<kafka_producer>
  make(const kafka_properties& properties,
       std::chrono::milliseconds init_timeout = default_init_timeout,
       log::context log_context = {});

  kafka_producer(kafka_producer&&) noexcept;
  kafka_producer& operator=(kafka_producer&&) noexcept;

  /// Waits up to 5 s for outstanding deliveries, then logs how many messages
  /// were never delivered and drops them. A transactional producer instead
  /// aborts its open transaction (waiting up to 5 s; not once it failed
  /// fatally): what was sent since the last commit never becomes visible to
  /// read_committed consumers.
  ~kafka_producer();

  /// Enqueues one message (payload and key are copied). A key goes to the
  /// partition Kafka's Java producer picks (murmur2, see
  /// kafka_partition_of) unless the `partitioner` property says otherwise;
  /// an empty key sends no key, so the partitioner spreads such messages. While
  /// the local queue is full it serves delivery reports and tries again, which
  /// blocks the caller (backpressure). Fails with ec::connector_failure naming
  /// the topic for a message librdkafka cannot take at all (e.g. too large),
  /// after a fatal producer error, or for a transactional producer without
  /// an open transaction (or whose transaction failed and must be aborted).
  [[nodiscard]] caf::expected<void> send(const std::string& topic,
                                         std::string_view key,
                                         std::string_view payload);

  /// Waits until every message enqueued so far is delivered or has failed.
  /// Fails with ec::connector_failure if `timeout` passed first, or if any
  /// delivery failed since the previous flush (naming the topic, partition
  /// and reason of the first one, and how many failed).
  [[nodiscard]] caf::expected<void> flush(std::chrono::milliseconds timeout);

  /// Whether `transactional.id` was set: messages sent become visible to
  /// read_committed consumers only when commit_transaction() succeeds.
  bool transactional() const noexcept;

  /// Begins a transaction: every message sent from now on belongs to it.
  /// make() begins the first one; call this after each commit or abort.
  /// Fails with ec::connector_failure and librdkafka's reason if the
  /// producer is not transactional, a transaction is already open, or the
  /// producer failed fatally (the message names fencing when it was fenced).
  [[nodiscard]] caf::expected<void> begin_transaction();

  /// Flushes, then commits the open transaction: its messages become
  /// visible atomically. Retries retriable errors until `timeout` passed.
  /// Fails with ec::connector_failure like flush() when a delivery failed
  /// or the flush timed out, and with librdkafka's reason when the commit
  /// failed, saying whether the transaction must be aborted, or whether the
  /// producer is dead for good (fatal; the message names fencing when a
  /// newer producer with the same `transactional.id` took over). On
  /// failure nothing of the transaction is committed, except that a commit
  /// which timed out may still complete in the background.
  [[nodiscard]] caf::expected<void>
  commit_transaction(std::chrono::milliseconds timeout);

  /// Aborts the open transaction: its messages, delivered or still queued,
  /// never become visible to read_committed consumers, and queued ones are
  /// dropped without counting as failed deliveries. Retries retriable
  /// errors until `timeout` passed. Fails with ec::connector_failure and
  /// librdkafka's reason (naming fencing when fenced, fatal ones saying the
  /// producer is dead for good).
  [[nodiscard]] caf::expected<void>
  abort_transaction(std::chrono::milliseconds timeout);

  /// Messages the brokers acknowledged (in a transaction: written, whether
  /// or not the transaction is committed later).
  uint64_t delivered() const noexcept;

  /// Messages whose delivery failed (each is reported by one flush()).
  /// Messages dropped by abort_transaction() do not count.
  uint64_t failed() const noexcept;

  /// "topic T partition P: reason" of the latest failed delivery, or empty.
  std::string last_failure() const;

private:
  struct impl;
  explicit kafka_producer(std::unique_ptr<impl> ptr);
  std::unique_ptr<impl> impl_;
};

} // namespace eddy
