// A latency figure's receiving end: a consumer of the results topic that
// notes, per message id, how long after its send its result arrived.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "caf/expected.hpp"

#include "bench/kafka/send_log.hpp"
#include "connectors/kafka/consumer.hpp"

namespace eddy::bench {

/// The id of the message a result is of (the number it was sent as), read
/// from the result's payload; fails if the result does not parse.
using result_id = std::function<caf::expected<int64_t>(std::string_view)>;

class result_collector {
public:
  /// Subscribes to `topic` as a consumer with `properties` (a fresh
  /// group, from the earliest offset) and polls it on its own thread. A
  /// result's latency is the time its poll returned minus the send time in
  /// `sends` of its message (`id_of`). Throws bench_failure if the
  /// consumer cannot be made.
  result_collector(const kafka_properties& properties, const std::string& topic,
                   result_id id_of, const send_log& sends);

  /// Stops the thread.
  ~result_collector();

  result_collector(const result_collector&) = delete;
  result_collector& operator=(const result_collector&) = delete;

  /// Results received of messages that were sent (the first of each id
  /// counts; a repeated one does not). Throws bench_failure if the
  /// consumer failed.
  uint64_t received() const;

  /// Stops polling, then answers the latencies in milliseconds of the
  /// results of messages [first_id, end_id) in id order. A result that
  /// has not arrived by now counts as arriving now (its latency is at
  /// least that); `missing` says how many did not.
  std::vector<double> latencies_ms(int64_t first_id, int64_t end_id,
                                   size_t& missing);

private:
  void run();
  void stop();

  result_id id_of_;
  const send_log& sends_;
  std::unique_ptr<kafka_consumer> consumer_;
  std::vector<int64_t> latency_ns_; // by transaction id; -1: none yet
  std::atomic<uint64_t> received_{0};
  std::atomic<bool> stopping_{false};
  mutable std::mutex mtx_;
  std::string failure_; // guarded by mtx_
  std::thread thread_;
};

} // namespace eddy::bench
