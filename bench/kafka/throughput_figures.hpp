// The throughput figures: the inventory job fed from the dev Kafka cluster
// against a bare librdkafka consumer reading the same topic.
#pragma once

#include <string>
#include <vector>

#include "bench/common/results_table.hpp"
#include "bench/kafka/bench_options.hpp"

namespace eddy::bench {

/// Starts the dev cluster, fills its input topic once with
/// opts.throughput_records() transactions, then per run (alternating, so
/// load from elsewhere on the machine hits both alike):
///  - "bare librdkafka consumer" (the baseline): reads the whole topic;
///  - "inventory job fed from Kafka" (the figure): the eddy program,
///    generator off, a fresh state and consumer group, processes the whole
///    topic and writes every result to the results topic.
/// Both rates run from the first record to the last, leaving out start-up
/// (eddy's includes the dev cluster's 3 s group join). State and logs go
/// under `dir`.
std::vector<figure_result> measure_throughput(const bench_options& opts,
                                              const std::string& dir);

} // namespace eddy::bench
