// eddy-bench-ipdr's command line, and every default it uses in one place.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "bench/kafka/job_bench_flags.hpp"

namespace eddy::bench {

/// Distinct modems (cmMacAddr), as the seed's load test.
constexpr int64_t distinct_macs = 50'000;

/// IPDRs generated up front and cycled through by the in-memory figures
/// (and the Kafka topic's fill): making a record is then a copy.
constexpr uint64_t table_records = 1 << 20;
constexpr uint64_t quick_table_records = 1 << 16;

/// How long each in-memory run measures, after its warm-up.
constexpr std::chrono::seconds default_measure_time{5};
constexpr std::chrono::seconds quick_measure_time{1};

/// The job runs this long before it is measured, so its windows hold every
/// key and the first checkpoints are past.
constexpr std::chrono::seconds warm_up_time{1};

/// IPDRs in the Kafka figure's topic.
constexpr uint64_t default_topic_records = 2'000'000;
constexpr uint64_t quick_topic_records = 100'000;

/// The input topic has at least the job's partitions (its default, 4).
constexpr int min_input_partitions = 4;

/// The figures, by the names --only takes.
inline const std::vector<std::string> ipdr_figures{"loop", "memory", "parse",
                                                   "kafka"};

/// --records counts IPDRs.
struct ipdr_bench_options : job_bench_flags {
  /// IPDRs made up front.
  uint64_t table_size() const;
};

/// Parses the command line; throws bench_failure naming a bad flag or value.
ipdr_bench_options parse_ipdr_options(int argc, const char* const* argv);

/// What --help prints.
std::string ipdr_usage();

} // namespace eddy::bench
