// One run of a latency figure: the eddy program between two topics of the
// dev cluster under a steady load, each message timed from its send until
// its result could be read.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "bench/common/results_table.hpp"
#include "bench/common/setting_list.hpp"
#include "bench/kafka/result_collector.hpp"
#include "bench/kafka/topic_fill.hpp"

namespace eddy::bench {

/// What a run sends, how fast, and where its results come back.
struct paced_load {
  std::string input_topic;
  std::string results_topic;
  /// Message i, made as it is sent (its event time can be the wall clock).
  topic_messages messages;
  /// Which message a result is of.
  result_id id_of;
  int64_t rate = 0; // messages per second
  std::chrono::milliseconds warmup{0};
  std::chrono::milliseconds window{0}; // the measured part
};

/// Starts `program` with `settings` (its output appended to `log`) against
/// the cluster at `bootstrap`, a results consumer (fetch wait 1 ms) and a
/// paced producer that first sends single messages until a result comes
/// back (eddy and the consumer joined their groups), then load.rate/s for
/// load.warmup and then load.window. Waits up to a minute for every result
/// (one still missing then counts with the time waited, a lower bound);
/// answers p99 of result received minus message sent over the measured
/// part, then p50, p99.9, max, the rate the producer held, the results
/// measured and missing. Kills eddy. Throws bench_failure if a step fails.
std::vector<metric> measure_paced_latency(const std::string& program,
                                          const setting_list& settings,
                                          const std::string& log,
                                          const std::string& bootstrap,
                                          const paced_load& load);

} // namespace eddy::bench
