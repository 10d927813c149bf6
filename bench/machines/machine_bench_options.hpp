// eddy-bench-machines' command line, and every default it uses in one place.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "bench/kafka/job_bench_flags.hpp"

namespace eddy::bench {

/// The generator's states (machines.generator.* defaults and eddy-gen's):
/// 4 machines of 4 channels, seed 42, about 5 readings a state.
constexpr int64_t bench_machines = 4;
constexpr int64_t bench_channels = 4;

/// Generators sharing the in-memory job's input, each on a thread of its
/// own (machines.generator.parallelism): one per core.
constexpr uint32_t generator_parallelism = 2;

/// How long each in-memory run measures, after its warm-up.
constexpr std::chrono::seconds default_measure_time{5};
constexpr std::chrono::seconds quick_measure_time{1};
constexpr std::chrono::seconds warm_up_time{1};

/// States queued on the broker for the MQTT figure.
constexpr uint64_t default_topic_states = 200'000;
constexpr uint64_t quick_topic_states = 5'000;

/// The MQTT topic (the job's default) and the two persistent sessions
/// that read it.
inline const std::string states_topic = "machine/states";
inline const std::string eddy_client_id = "eddy-machines";
inline const std::string baseline_client_id = "bench-mosquitto-sub";

/// The figures, by the names --only takes.
inline const std::vector<std::string> machine_figures{"loop", "memory", "mqtt"};

/// --records counts the MQTT figure's states.
struct machine_bench_options : job_bench_flags {};

/// Parses the command line; throws bench_failure naming a bad flag or value.
machine_bench_options parse_machine_options(int argc, const char* const* argv);

/// What --help prints.
std::string machine_usage();

} // namespace eddy::bench
