// A latency figure's load: messages written to the input topic at a steady
// rate, each one's send time noted by its number (which the message carries
// as its id, e.g. a transactionId).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "bench/kafka/send_log.hpp"
#include "bench/kafka/topic_fill.hpp"
#include "connectors/kafka/producer.hpp"

namespace eddy::bench {

/// Messages sent by one call of send_at: ids [first_id, end_id), the
/// first sent at first_ns and the last at last_ns.
struct sent_span {
  int64_t first_id = 0;
  int64_t end_id = 0;
  int64_t first_ns = 0;
  int64_t last_ns = 0;

  /// Messages per second the span held.
  double rate() const;
};

class paced_producer {
public:
  /// A producer of `topic` on the cluster at `bootstrap` with linger.ms=1
  /// and no Nagle (see paced_producer.cpp), sending message i of
  /// `messages` (made as it is sent: its event time can be the wall clock)
  /// and noting send times in `sends`. Throws bench_failure if it cannot be
  /// made.
  paced_producer(const std::string& bootstrap, std::string topic,
                 topic_messages messages, send_log& sends);

  /// Sends the next message (ids from 0 up). Throws bench_failure if the
  /// producer refuses it or the send log is full.
  void send_one();

  /// Sends `rate` messages per second for `duration`, on time: before
  /// each pause it catches up with what the clock says is due.
  sent_span send_at(int64_t rate, std::chrono::milliseconds duration);

  /// Messages sent so far.
  int64_t sent() const { return next_id_; }

  /// Waits until every transaction is delivered; throws bench_failure if a
  /// delivery failed.
  void flush();

private:
  std::optional<kafka_producer> producer_;
  std::string topic_;
  topic_messages messages_;
  send_log& sends_;
  int64_t next_id_ = 0;
  std::string key_;
  std::string payload_;
};

} // namespace eddy::bench
