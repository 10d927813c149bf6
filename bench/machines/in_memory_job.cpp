// The in-memory figures: the plain loop, and machines::plan with its
// generator source and discarding writers.
#include "bench/machines/in_memory_job.hpp"

#include <thread>

#include "actors/record_writer.hpp"
#include "actors/wall_clock.hpp"
#include "apps/machines/machine_generator.hpp"
#include "apps/machines/machine_pipeline.hpp"
#include "apps/machines/machine_state.hpp"
#include "bench/common/bench_failure.hpp"
#include "bench/common/cpu_time.hpp"
#include "bench/common/in_process_pipeline.hpp"
#include "bench/common/progress.hpp"
#include "bench/common/timed_loop.hpp"
#include "bench/machines/power_loop.hpp"
#include "messages/error.hpp"
#include "runtime/keyed_stage.hpp"

namespace eddy::bench {

namespace {

/// States between two reads of the clock, as a generator batch.
constexpr uint64_t states_per_clock_read = 512;

machines::machine_generator bench_generator() {
  return machines::machine_generator{
      {.machines = bench_machines, .channels = bench_channels}};
}

std::vector<metric> run_loop_once(const machine_bench_options& opts,
                                  const machines::options& job,
                                  double per_state) {
  power_loop loop{job};
  auto make = bench_generator();
  std::string json;
  int64_t now = wall_clock_ms();
  auto rate = records_per_second(opts.measure_time, [&](uint64_t i) {
    if (i % states_per_clock_read == 0)
      now = wall_clock_ms();
    json.clear();
    make.state_json(i, now, json);
    loop.add(json);
  });
  auto& counts = loop.counts();
  if (counts.malformed > 0)
    throw bench_failure{"the plain loop found a generated state malformed"};
  return {{"states/s", rate, unit::per_second},
          {"readings/s", rate * per_state, unit::per_second},
          {"powers", static_cast<double>(counts.powers), unit::count}};
}

void add_discarded(output_writers& writers, const std::string& output) {
  writers.add<machines::reading>(
      output, "discarded",
      std::make_unique<discarding_writer<machines::reading>>());
}

std::unique_ptr<in_process_pipeline> start_job(const settings& cfg) {
  auto opts = machines::read_options(cfg);
  auto plan = machines::plan(opts, machines::sources_of(opts));
  if (!plan)
    throw bench_failure{"machines::plan: " + describe(plan.error())};
  output_writers writers;
  for (auto& output : {machines::data_output, machines::powers_output,
                       machines::late_output, machines::unmatched_output})
    add_discarded(writers, output);
  writers.add<dead_letter>(dead_letters_output, "discarded",
                           std::make_unique<discarding_writer<dead_letter>>());
  return std::make_unique<in_process_pipeline>(
      cfg, "machines", std::move(*plan), std::move(writers));
}

std::vector<metric> run_job_once(const machine_bench_options& opts,
                                 const std::string& dir, double per_state) {
  auto extra = opts.extra_settings;
  extra.insert(extra.begin(),
               {{"machines.generator.enabled", "true"},
                {"machines.generator.rate", "0"},
                {"machines.generator.parallelism",
                 std::to_string(generator_parallelism)},
                {"machines.generator.machines", std::to_string(bench_machines)},
                {"machines.generator.channels", std::to_string(bench_channels)},
                {"machines.source.mqtt.enabled", "false"},
                {"machines.late.file", "false"}});
  auto job = start_job(in_process_settings(dir, extra));
  std::this_thread::sleep_for(warm_up_time);
  auto applied_before = job->records_applied();
  process_stopwatch clock;
  std::this_thread::sleep_for(opts.measure_time);
  auto seconds = clock.seconds();
  auto cpu_seconds = clock.cpu_seconds();
  auto applied = static_cast<double>(job->records_applied() - applied_before);
  job.reset();
  return {{"states/s", applied / seconds, unit::per_second},
          {"readings/s", applied * per_state / seconds, unit::per_second},
          {"per CPU second", applied / cpu_seconds, unit::per_second},
          {"cores busy %", cpu_seconds / seconds * 100, unit::count}};
}

} // namespace

double readings_per_state(uint64_t states) {
  auto make = bench_generator();
  std::string json;
  std::vector<machines::reading> split;
  for (uint64_t i = 0; i < states; ++i) {
    json.clear();
    make.state_json(i, 0, json);
    if (auto err = machines::split_state(json, split))
      throw bench_failure{"a generated state is malformed: " + describe(err)};
  }
  return static_cast<double>(split.size()) / static_cast<double>(states);
}

figure_result measure_plain_loop(const machine_bench_options& opts,
                                 const machines::options& job) {
  figure_result result{plain_loop_figure, 0, "-"};
  auto per_state = readings_per_state(100'000);
  for (int run = 0; run < opts.repeat; ++run) {
    result.runs.push_back(run_loop_once(opts, job, per_state));
    progress(result.name + " run " + std::to_string(run + 1) + ": " +
             format(result.runs.back()[0].value, unit::per_second));
  }
  return result;
}

figure_result measure_in_memory_job(const machine_bench_options& opts,
                                    const std::string& dir) {
  figure_result result{"machines job in memory, split and join", 0,
                       ">= 1.5 × baseline"};
  result.baseline = plain_loop_figure;
  auto per_state = readings_per_state(100'000);
  for (int run = 0; run < opts.repeat; ++run) {
    result.runs.push_back(
        run_job_once(opts, dir + "/" + std::to_string(run + 1), per_state));
    progress(result.name + " run " + std::to_string(run + 1) + ": " +
             format(result.runs.back()[0].value, unit::per_second));
  }
  return result;
}

} // namespace eddy::bench
