// A record_writer that sends each record as one Kafka message (the Kafka
// sink): a job-supplied formatter makes the key and payload. Behind a
// transactional producer it is a transactional writer (exactly-once output).
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

  /// Writes to `topic` through `producer`; flush(), commit() and abort()
  /// wait at most `flush_timeout`. A non-transactional producer may be
  /// shared by several writers. A transactional one must not be: its
  /// transaction covers every message sent through it, so another writer's
  /// commit would publish this writer's records mid-checkpoint and its abort
  /// would drop them. Give each transactional writer its own producer and
  /// its own `transactional.id` (a second producer with the same id fences
  /// the first).
  kafka_writer(
      std::shared_ptr<kafka_producer> producer, std::string topic,
      formatter format,
      std::chrono::milliseconds flush_timeout = std::chrono::seconds{10})
      : producer_(std::move(producer)), topic_(std::move(topic)),
        format_(std::move(format)), flush_timeout_(flush_timeout) {}

  /// Enqueues every record (blocking while the producer's queue is full).
  /// A failure leaves the records enqueued so far in flight: the sink
  /// writes all of them again, so Kafka may see duplicates (at least once).
  /// Transactional: the records join the open transaction (beginning one if
  /// beginning it after the last commit or abort failed); after a failed
  /// write or flush the transaction holds an unknown part of them, so the
  /// sink must abort() and write the whole epoch again.
  caf::expected<void> write(const std::vector<T>& records) override {
    if (needs_begin_)
      if (auto began = begin_next(); !began)
        return began;
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

  /// Deliveries complete in librdkafka's threads; flush() waits for them.
  bool delivers_in_background() const override { return true; }

  /// Whether the producer is transactional (records become visible at
  /// commit()).
  bool transactional() const override { return producer_->transactional(); }

  /// Transactional: flushes and commits the open transaction, then begins
  /// the next one. Fails with ec::connector_failure naming the reason (a
  /// failed delivery, a timeout, fencing by a newer producer with the same
  /// `transactional.id`); then nothing was committed and the sink aborts.
  /// Succeeds once the commit did, even if beginning the next transaction
  /// failed: the next write() tries again and reports that. Does nothing for
  /// a non-transactional producer.
  caf::expected<void> commit() override {
    if (!transactional())
      return caf::unit;
    if (needs_begin_) // nothing open, so nothing written since: just begin
      return begin_next();
    if (auto committed = producer_->commit_transaction(flush_timeout_);
        !committed)
      return committed;
    forget_failures();
    if (auto began = begin_next(); !began) {
      // Ignored on purpose: the commit stands; write() begins again.
    }
    return caf::unit;
  }

  /// Transactional: aborts the open transaction (nothing written since the
  /// last commit becomes visible to read_committed consumers), then begins
  /// the next one. Fails with ec::connector_failure naming the reason
  /// (fencing included); calling it again retries what failed. Does nothing
  /// for a non-transactional producer.
  caf::expected<void> abort() override {
    if (!transactional())
      return caf::unit;
    if (!needs_begin_) {
      if (auto aborted = producer_->abort_transaction(flush_timeout_); !aborted)
        return aborted;
      forget_failures();
      needs_begin_ = true;
    }
    return begin_next();
  }

private:
  // Begins the next transaction; until that succeeds, the next write,
  // commit or abort tries again.
  caf::expected<void> begin_next() {
    auto began = producer_->begin_transaction();
    needs_begin_ = !began;
    return began;
  }

  // The transaction that ended answered for every failure so far.
  void forget_failures() {
    pending_ = false;
    failed_before_ = producer_->failed();
  }

  std::shared_ptr<kafka_producer> producer_;
  std::string topic_;
  formatter format_;
  std::chrono::milliseconds flush_timeout_;
  std::string key_;
  std::string payload_;
  bool pending_ = false;       // written since the last successful flush
  uint64_t failed_before_ = 0; // producer failures before that first write
  bool needs_begin_ = false;   // transactional, and no transaction is open
};

} // namespace eddy
