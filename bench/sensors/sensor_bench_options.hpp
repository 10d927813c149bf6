// eddy-bench-sensors' command line, and every default it uses in one place.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "bench/kafka/job_bench_flags.hpp"

namespace eddy::bench {

/// Distinct sensors of the in-memory and Kafka figures' readings (the
/// reading generator's own default; the seed's load had about 1,000).
constexpr int64_t drawn_devices = 100'000;

/// Readings made up front and cycled through by the in-memory figures:
/// making a record is then a copy, not the generating.
constexpr uint64_t table_records = 1 << 20;
constexpr uint64_t quick_table_records = 1 << 16;

/// Distinct sensors of the memory figure, each with an open window.
constexpr int64_t memory_devices = 1'000'000;
constexpr int64_t quick_memory_devices = 50'000;

/// How long each in-memory run measures, after its warm-up.
constexpr std::chrono::seconds default_measure_time{5};
constexpr std::chrono::seconds quick_measure_time{1};

/// The job runs this long before it is measured, so its windows hold every
/// device.
constexpr std::chrono::seconds warm_up_time{1};

/// Generators sharing the in-memory job's input, each decoding its share on
/// a thread of its own (sensors.generator.parallelism): one per core.
constexpr uint32_t generator_parallelism = 2;

/// Readings in the Kafka figure's topic.
constexpr uint64_t default_topic_records = 4'000'000;
constexpr uint64_t quick_topic_records = 100'000;

/// The input topic has at least the job's partitions (its default, 4).
constexpr int min_input_partitions = 4;

/// The figures, by the names --only takes.
inline const std::vector<std::string> sensor_figures{"loop", "memory", "rss",
                                                     "kafka"};

/// --records counts readings.
struct sensor_bench_options : job_bench_flags {
  /// Readings made up front for the in-memory figures.
  uint64_t table_size() const;

  /// Sensors of the memory figure.
  int64_t memory_device_count() const;
};

/// Parses the command line; throws bench_failure naming a bad flag or value.
sensor_bench_options parse_sensor_options(int argc, const char* const* argv);

/// What --help prints.
std::string sensor_usage();

} // namespace eddy::bench
