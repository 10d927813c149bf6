// One run of a throughput figure: the eddy program processes the whole
// input topic from Kafka (the inventory's results to Kafka).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>

#include "bench/common/setting_list.hpp"
#include "bench/common/thread_cpu.hpp"

namespace eddy::bench {

/// What one run took. Times are in milliseconds from the first time
/// /v1/jobs showed applied records (then `applied_at_start` of them).
struct eddy_consumption {
  uint64_t records = 0;
  uint64_t applied_at_start = 0;
  /// From eddy's start until /v1/jobs first showed applied records: its
  /// start-up and the consumer group's join (the dev cluster waits 3 s
  /// before a new group's first assignment).
  double start_up_ms = 0;
  /// Until its partitions had applied all `records`.
  double applied_ms = 0;
  /// Until its Kafka sink had written (and the producer delivered) all
  /// `records` results; without a results topic, the same as applied_ms.
  double written_ms = 0;
  /// CPU seconds eddy used over written_ms (all its threads).
  double cpu_seconds = 0;
  /// The eddy thread that used the most CPU over written_ms, and how much:
  /// the serial path that bounds the rate if it was busy all along.
  thread_cpu busiest_thread;
  /// CPU seconds the peer process (e.g. the dev cluster) used over
  /// written_ms; 0 without one.
  double peer_cpu_seconds = 0;

  /// Records per second from the first applied record to the last result
  /// written: (records - applied_at_start) / written_ms.
  double rate() const;

  /// The same up to the last record applied.
  double applied_rate() const;
};

/// Starts `program` with `settings`, its output appended to `log`, and
/// polls its /v1/jobs (every 50 ms) until its partitions applied `records`
/// records and its sink wrote as many results to `results_topic` (an
/// empty one: until they applied them, results not awaited); prints
/// progress with rates every second. Then calls `once_applied(port)` if
/// given, while eddy still runs (e.g. to wait until its output reached a
/// database; it throws bench_failure to fail the run), and kills it (its
/// state is thrown away). `peer`, if positive, is a process whose CPU time
/// is measured alongside eddy's (e.g. the dev cluster). Throws
/// bench_failure if it fails or does not get there within step_timeout.
eddy_consumption process_topic_with_eddy(
    const std::string& program, const setting_list& settings,
    const std::string& log, uint64_t records, const std::string& results_topic,
    const std::function<void(uint16_t port)>& once_applied = {},
    pid_t peer = -1);

} // namespace eddy::bench
