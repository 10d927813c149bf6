// Parses eddy-bench-machines' flags.
#include "bench/machines/machine_bench_options.hpp"

namespace eddy::bench {

machine_bench_options parse_machine_options(int argc, const char* const* argv) {
  return parse_job_bench_options<machine_bench_options>(
      argc, argv, machine_figures,
      {default_topic_states, quick_topic_states, default_measure_time,
       quick_measure_time});
}

std::string machine_usage() {
  return R"(usage: eddy-bench-machines [--quick] [--records N] [--seconds N] [--repeat N]
                           [--only loop|memory|mqtt]... [--dir PATH]
                           [--set KEY=VALUE]... [--eddy PATH]

Measures the machine data job (seed 003) and prints a Markdown table; each
figure is the median of --repeat runs (default 3) and a ratio to a
baseline measured in the same invocation. Progress goes to stderr. The
states are the job's generator's (4 machines of 4 channels, seed 42,
Timestamp the wall clock).

  loop    baseline: one thread making each state's JSON, reading and
          splitting it (simdjson, machines::read_state and split) and
          joining each channel's torques and speeds nearest in time, the
          things in a std::unordered_map, powers due as the watermark passes
  memory  the job in memory: machines::plan fed by its generator source
          (2 generators, rate 0), event time, keyed by thing, the split
          and join; every output discarded; the engine's defaults (4
          partitions, 2 scheduler threads, 1 s checkpoints)
  mqtt    a mosquitto of its own with N states queued (eddy-gen --job
          machines, QoS 1) for two persistent sessions: `mosquitto_sub -q 1
          -C N` reading them (baseline), and the eddy program
          (jobs=machines, MQTT in, powers discarded) splitting and joining
          them, from its first state applied to its last

  --quick        1 s runs, 5,000 states on the broker
  --records N    states queued for the MQTT figure (default 200,000)
  --seconds N    how long each in-memory run measures (default 5)
)" + job_bench_flags_help();
}

} // namespace eddy::bench
