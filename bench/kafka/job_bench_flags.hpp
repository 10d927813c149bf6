// The command line of the programs that measure one job in memory and fed
// from the dev Kafka cluster (eddy-bench-ipdr, eddy-bench-sensors): the
// shared flags plus the topic's size and the in-memory runs' length.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "bench/common/run_flags.hpp"
#include "bench/kafka/cluster_flags.hpp"

namespace eddy::bench {

/// --set applies to the in-memory job as well as to the eddy program.
struct job_bench_flags : run_flags, cluster_flags {
  /// --records: records in the Kafka figure's topic.
  uint64_t topic_records = 0;
  /// --seconds: how long each in-memory run measures.
  std::chrono::seconds measure_time{0};
  bool quick = false;
  bool wants_help = false;
};

/// What --records and --seconds default to, with and without --quick.
struct job_bench_defaults {
  uint64_t topic_records = 0;
  uint64_t quick_topic_records = 0;
  std::chrono::seconds measure_time{0};
  std::chrono::seconds quick_measure_time{0};
};

/// Reads argv into `flags`: run_flags (--only one of `figures`),
/// cluster_flags, --records, --seconds, --quick and --help. Throws
/// bench_failure naming a bad flag or value.
void parse_job_bench_flags(int argc, const char* const* argv,
                           const std::vector<std::string>& figures,
                           const job_bench_defaults& defaults,
                           job_bench_flags& flags);

/// The lines of --help on the flags every such program takes besides
/// --quick, --records and --seconds (what those mean is the program's).
std::string job_bench_flags_help();

/// parse_job_bench_flags into a program's options, which extend
/// job_bench_flags.
template <class Options>
Options parse_job_bench_options(int argc, const char* const* argv,
                                const std::vector<std::string>& figures,
                                const job_bench_defaults& defaults) {
  Options opts;
  parse_job_bench_flags(argc, argv, figures, defaults, opts);
  return opts;
}

} // namespace eddy::bench
