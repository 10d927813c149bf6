// eddy-bench-kafka's command line, and every default it uses in one place.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/common/run_flags.hpp"
#include "bench/kafka/cluster_flags.hpp"

namespace eddy::bench {

/// Transactions in the input topic of the throughput figures.
constexpr uint64_t default_records = 5'000'000;

/// ... with --quick (a smoke run).
constexpr uint64_t quick_records = 200'000;

/// Distinct items the transactions draw from (the seed's Pareto
/// distribution, connectors/transaction_generator.hpp), as issue 5 states
/// the figures.
constexpr int64_t distinct_items = 1'000'000;

/// A transaction takes about 56 bytes in a large batch: the input topic
/// gets as many partitions as the dev cluster's limit needs for that
/// (62,500 transactions each, see fill_bytes_per_partition).
constexpr uint64_t transaction_bytes_in_batch = 56;

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

/// The figures, by the names --only takes.
inline const std::vector<std::string> figure_names{"throughput", "latency"};

struct bench_options : run_flags, cluster_flags {
  /// --records: transactions in the throughput figures' topic.
  std::optional<uint64_t> records;
  /// --quick: quick_records and the short latency windows.
  bool quick = false;
  /// --rate: the latency figure's load, transactions/s.
  int64_t latency_rate = default_latency_rate;
  bool wants_help = false;

  /// Transactions in the throughput figures' topic.
  uint64_t throughput_records() const;

  /// The latency figure's warm-up and measured part.
  std::chrono::milliseconds warmup() const;
  std::chrono::milliseconds window() const;
};

/// Partitions of an input topic that holds `records` transactions: enough
/// that none holds more than fill_bytes_per_partition, at least
/// min_input_partitions.
int input_partitions_for(uint64_t records);

/// Parses the command line; throws bench_failure naming a bad flag or value.
bench_options parse_options(int argc, const char* const* argv);

/// What --help prints.
std::string usage();

} // namespace eddy::bench
