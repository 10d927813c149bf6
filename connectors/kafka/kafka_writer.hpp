// A record_writer that sends each record as one Kafka message (the Kafka
// sink): a job-supplied formatter makes the key and payload.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "caf/expected.hpp"

#include "actors/record_writer.hpp"
#include "connectors/kafka/producer.hpp"
#include "messages/error.hpp"

namespace eddy {

template <class T>
class kafka_writer final : public record_writer<T> {
public:
  /// Fills `key` and `payload` (both cleared before) from one record; an
  /// empty key sends the message without key.
  using formatter =
      std::function<void(const T&, std::string& key, std::string& payload)>;

  /// Writes to `topic` through `producer`, which other writers may share;
  /// flush() waits at most `flush_timeout` for deliveries.
  kafka_writer(
      std::shared_ptr<kafka_producer> producer, std::string topic,
      formatter format,
      std::chrono::milliseconds flush_timeout = std::chrono::seconds{10})
      : producer_(std::move(producer)), topic_(std::move(topic)),
        format_(std::move(format)), flush_timeout_(flush_timeout) {}

  /// Enqueues every record (blocking while the producer's queue is full).
  /// A failure leaves the records enqueued so far in flight: the sink
  /// writes all of them again, so Kafka may see duplicates (at least once).
  caf::expected<void> write(const std::vector<T>& records) override {
    if (!pending_) {
      failed_before_ = producer_->failed();
      pending_ = true;
    }
    for (auto& rec : records) {
      key_.clear();
      payload_.clear();
      format_(rec, key_, payload_);
      if (auto sent = producer_->send(topic_, key_, payload_); !sent)
        return sent;
    }
    return caf::unit;
  }

  /// Waits until everything written is delivered. Fails with
  /// ec::connector_failure if a delivery failed since the first write after
  /// the previous successful flush, even if another writer sharing the
  /// producer flushed (and was told) first: then the sink writes again.
  caf::expected<void> flush() override {
    auto done = producer_->flush(flush_timeout_);
    auto failed_now = producer_->failed();
    if (done && pending_ && failed_now > failed_before_)
      done = make_error(ec::connector_failure,
                        "kafka sink " + topic_ +
                            ": deliveries failed, the latest to " +
                            producer_->last_failure());
    // Failures counted so far are covered by the sink writing everything
    // again; the next attempt only answers for new ones.
    failed_before_ = failed_now;
    if (done)
      pending_ = false;
    return done;
  }

private:
  std::shared_ptr<kafka_producer> producer_;
  std::string topic_;
  formatter format_;
  std::chrono::milliseconds flush_timeout_;
  std::string key_;
  std::string payload_;
  bool pending_ = false;       // written since the last successful flush
  uint64_t failed_before_ = 0; // producer failures before that first write
};

} // namespace eddy
