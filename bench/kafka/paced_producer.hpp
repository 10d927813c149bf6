// The latency figure's load: transactions written to the input topic at a
// steady rate, each one's send time noted by its transaction id.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "bench/kafka/send_log.hpp"
#include "connectors/kafka/producer.hpp"
#include "connectors/transaction_generator.hpp"

namespace eddy::bench {

/// Transactions sent by one call of send_at: ids [first_id, end_id), the
/// first sent at first_ns and the last at last_ns.
struct sent_span {
  int64_t first_id = 0;
  int64_t end_id = 0;
  int64_t first_ns = 0;
  int64_t last_ns = 0;

  /// Transactions per second the span held.
  double rate() const;
};

class paced_producer {
public:
  /// A producer of `topic` on the cluster at `bootstrap` with linger.ms=1,
  /// one request in flight and no Nagle (see paced_producer.cpp), noting
  /// send times in `sends`. Throws
  /// bench_failure if it cannot be made.
  paced_producer(const std::string& bootstrap, std::string topic,
                 send_log& sends);

  /// Sends the next transaction (ids from 0 up, items from the seed's
  /// Pareto distribution, event time the wall clock). Throws bench_failure
  /// if the producer refuses it or the send log is full.
  void send_one();

  /// Sends `rate` transactions per second for `duration`, on time: before
  /// each pause it catches up with what the clock says is due.
  sent_span send_at(int64_t rate, std::chrono::milliseconds duration);

  /// Transactions sent so far.
  int64_t sent() const { return next_id_; }

  /// Waits until every transaction is delivered; throws bench_failure if a
  /// delivery failed.
  void flush();

private:
  std::optional<kafka_producer> producer_;
  std::string topic_;
  transaction_generator generate_;
  send_log& sends_;
  int64_t next_id_ = 0;
  std::string line_;
};

} // namespace eddy::bench
