// eddy-bench-throughput's command line, and every default it uses in one
// place.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "bench/common/run_flags.hpp"

namespace eddy::bench {

/// Distinct items, as issue 5 states the targets.
constexpr uint64_t default_items = 1'000'000;
constexpr uint64_t quick_items = 100'000;

/// How long each run measures, after its warm-up.
constexpr std::chrono::seconds default_measure_time{5};
constexpr std::chrono::seconds quick_measure_time{1};

/// A pipeline runs this long after priming before it is measured, so the
/// state's maps have grown and the caches are warm.
constexpr std::chrono::seconds warm_up_time{1};

/// Transactions generated up front and cycled through by every figure's
/// source (the map loop's too), so making input costs a copy, not the
/// Pareto and Gaussian sampling: what is measured is the engine.
constexpr uint64_t transaction_table_size = 1 << 20;

/// Generator load (records/s) while the resident memory is measured: the
/// ingest rate DESIGN.md's latency targets are stated at.
constexpr int64_t memory_load_rate = 100'000;

/// How long eddy runs under that load before its memory is read.
constexpr std::chrono::seconds memory_settle_time{10};

/// The figures, by the names --only takes.
inline const std::vector<std::string> throughput_figures{"map", "memory", "job",
                                                         "rss", "dedup"};

struct throughput_options : run_flags {
  uint64_t items = default_items;
  std::chrono::seconds measure_time = default_measure_time;
  bool quick = false;
  bool wants_help = false;
};

/// Parses the command line; throws bench_failure naming a bad flag or value.
throughput_options parse_throughput_options(int argc, const char* const* argv);

/// What --help prints.
std::string throughput_usage();

} // namespace eddy::bench
