// eddy-bench-kafka's command line, and every default it uses in one place.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/common/setting_list.hpp"

namespace eddy::bench {

/// Transactions in the input topic of the throughput figures.
constexpr uint64_t default_records = 5'000'000;

/// ... with --quick (a smoke run).
constexpr uint64_t quick_records = 200'000;

/// Distinct items the transactions draw from (the seed's Pareto
/// distribution, connectors/transaction_generator.hpp), as issue 5 states
/// the figures.
constexpr int64_t distinct_items = 1'000'000;

/// The dev cluster keeps at most 5 MiB per partition and silently drops the
/// oldest data past it. A transaction takes about 56 bytes in a large
/// batch, so this many per partition (about 3.5 MiB) stay well inside it:
/// the input topic gets as many partitions as that needs.
constexpr uint64_t records_per_partition = 62'500;

/// The input topic has at least the job's partitions (its default, 4).
constexpr int min_input_partitions = 4;

/// Partitions of the latency figure's input and results topics (the
/// seed's topics as the Kafka tests create them).
constexpr int latency_partitions = 4;

/// The latency figure's load, as DESIGN.md states the target.
constexpr int64_t default_latency_rate = 100'000;

/// The latency figure: load before the measured part, so start-up effects
/// (first fetches, the first checkpoints, the state growing) are past, and
/// the measured part.
constexpr std::chrono::milliseconds latency_warmup{3000};
constexpr std::chrono::milliseconds latency_window{10000};
constexpr std::chrono::milliseconds quick_latency_warmup{1000};
constexpr std::chrono::milliseconds quick_latency_window{2000};

/// Runs per figure; each figure reports the median of its runs.
constexpr int default_repeat = 3;

/// The figures, by the names --only takes.
inline const std::vector<std::string> figure_names{"throughput", "latency"};

struct bench_options {
  /// --records: transactions in the throughput figures' topic.
  std::optional<uint64_t> records;
  /// --repeat: runs per figure.
  int repeat = default_repeat;
  /// --quick: quick_records and the short latency windows.
  bool quick = false;
  /// --dir: where state and logs go (kept); empty: a temp dir, removed.
  std::string dir;
  /// --eddy, --devkafka: the programs; empty: the ones next to this one.
  std::string eddy_program;
  std::string devkafka_program;
  /// --only: the figures to run (all if empty).
  std::vector<std::string> only;
  /// --rate: the latency figure's load, transactions/s.
  int64_t latency_rate = default_latency_rate;
  /// --set: eddy settings over the benchmark's; the kafka.* ones also go
  /// to the bare consumer, so both fetch alike.
  setting_list extra_settings;
  bool wants_help = false;

  /// Transactions in the throughput figures' topic.
  uint64_t throughput_records() const;

  /// The latency figure's warm-up and measured part.
  std::chrono::milliseconds warmup() const;
  std::chrono::milliseconds window() const;

  /// Whether figure `name` runs.
  bool runs(const std::string& name) const;

  /// --eddy and --devkafka, or the programs next to this one.
  std::string eddy() const;
  std::string devkafka() const;
};

/// Partitions of an input topic that holds `records` transactions: enough
/// that none holds more than records_per_partition, at least
/// min_input_partitions.
int input_partitions_for(uint64_t records);

/// Parses the command line; throws bench_failure naming a bad flag or value.
bench_options parse_options(int argc, const char* const* argv);

/// What --help prints.
std::string usage();

} // namespace eddy::bench
