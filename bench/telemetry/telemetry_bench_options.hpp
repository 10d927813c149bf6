// eddy-bench-telemetry's command line, and every default it uses in one
// place.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "bench/common/setting_list.hpp"
#include "bench/kafka/job_bench_flags.hpp"

namespace eddy::bench {

/// Events in the Kafka figures' topic: distinct, so that the dedup state
/// holds this many ids when the checkpoint is measured.
constexpr uint64_t default_topic_events = 1'000'000;
constexpr uint64_t quick_topic_events = 100'000;

/// The latency figure's load, the seed's (10,000 events/s), its warm-up and
/// (--seconds) its measured part.
constexpr int64_t latency_rate = 10'000;
constexpr std::chrono::seconds latency_warmup{3};
constexpr std::chrono::seconds quick_latency_warmup{1};
constexpr std::chrono::seconds latency_window{20};
constexpr std::chrono::seconds quick_latency_window{5};

/// The latency figure's second row: the engine settings that bring its p99
/// within 50 ms at 10,000 events/s (see README.md: a sink's buffer of 1024
/// records fills in about 100 ms at that rate, so it waited for
/// sink.flush.ms, 200 ms by default).
inline const setting_list latency_tuning{{"sink.flush.ms", "10"}};

/// Distinct sensors of the latency figure's events (the job's generator's
/// default, as the seed's publisher).
constexpr int64_t sent_event_sensors = 1000;

/// Distinct sensors of the Kafka figures' events: events are keyed by
/// sensor, and the dev cluster's 5 MiB per partition leaves no room for
/// the uneven spread of a thousand keys over a hundred partitions.
constexpr int64_t filled_event_sensors = 100'000;

/// The input topic has at least the job's partitions (its default, 4);
/// the latency figure's topics have as many.
constexpr int min_input_partitions = 4;

/// The figures, by the names --only takes.
inline const std::vector<std::string> telemetry_figures{"kafka", "postgres",
                                                        "latency"};

/// --records counts the Kafka figures' events, --seconds the latency
/// figure's measured part.
struct telemetry_bench_options : job_bench_flags {
  /// The latency figure's warm-up.
  std::chrono::seconds warmup() const;
};

/// Parses the command line; throws bench_failure naming a bad flag or value.
telemetry_bench_options parse_telemetry_options(int argc,
                                                const char* const* argv);

/// What --help prints.
std::string telemetry_usage();

} // namespace eddy::bench
