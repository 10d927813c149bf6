// The latency figure: a transaction written to Kafka until its result can
// be read from Kafka, through the eddy program under steady load.
#pragma once

#include <string>
#include <vector>

#include "bench/common/results_table.hpp"
#include "bench/kafka/bench_options.hpp"

namespace eddy::bench {

/// Per run, on a dev cluster of its own (input and results topics of
/// latency_partitions): the eddy program from Kafka to Kafka (fresh state
/// and group), a results consumer, and a producer that first sends single
/// transactions until their results come back (eddy and the results
/// consumer have joined their groups), then opts.latency_rate
/// transactions/s for opts.warmup() and then for opts.window() (the
/// measured part). Waits up to a minute for every result (one still
/// missing then counts with the time waited, a lower bound, and is
/// reported); the figure is the p99 of result received minus transaction
/// sent over the measured part, with p50, p99.9, max, the rate the
/// producer held and the results measured. One row: eddy with its
/// defaults and opts.extra_settings. State and logs go under `dir`.
std::vector<figure_result> measure_latency(const bench_options& opts,
                                           const std::string& dir);

} // namespace eddy::bench
