// Starts sensors::plan over the table's readings with discarding writers,
// and counts the readings its partitions applied.
#include "bench/sensors/in_memory_job.hpp"

#include <thread>

#include "actors/record_writer.hpp"
#include "apps/sensors/sensor_pipeline.hpp"
#include "bench/common/bench_failure.hpp"
#include "bench/common/cpu_time.hpp"
#include "bench/common/progress.hpp"
#include "bench/sensors/plain_loop.hpp"
#include "messages/error.hpp"

namespace eddy::bench {

namespace {

std::vector<metric> run_once(const sensor_bench_options& opts,
                             const reading_table& table,
                             const std::string& dir) {
  auto cfg = in_process_settings(dir, opts.extra_settings);
  table_feed feed{table, decoder_for(table.format()), generator_parallelism};
  auto job = start_sensor_job(cfg, feed);
  std::this_thread::sleep_for(warm_up_time);
  auto decoded_before = feed.decoded();
  auto applied_before = job->records_applied();
  process_stopwatch clock;
  std::this_thread::sleep_for(opts.measure_time);
  auto seconds = clock.seconds();
  auto cpu_seconds = clock.cpu_seconds();
  auto decoded = static_cast<double>(feed.decoded() - decoded_before);
  auto applied = static_cast<double>(job->records_applied() - applied_before);
  job.reset();
  // Applied, not decoded: the generators run up to a million readings
  // ahead of the partitions after the start, a backlog that drains.
  return {{"records/s", applied / seconds, unit::per_second},
          {name_of(table.format()), applied / seconds * table.mean_bytes(),
           unit::bytes_per_second},
          {"decoded/s", decoded / seconds, unit::per_second},
          {"per CPU second", applied / cpu_seconds, unit::per_second},
          {"cores busy %", cpu_seconds / seconds * 100, unit::count}};
}

} // namespace

std::unique_ptr<in_process_pipeline> start_sensor_job(const settings& cfg,
                                                      const table_feed& feed) {
  std::vector<source_plan<sensors::reading>> sources;
  sources.push_back(feed.source());
  auto plan = sensors::plan(sensors::read_options(cfg), std::move(sources));
  if (!plan)
    throw bench_failure{"sensors::plan: " + describe(plan.error())};
  output_writers writers;
  writers.add<sensors::rollup>(
      sensors::rollup_output, "discarded",
      std::make_unique<discarding_writer<sensors::rollup>>());
  writers.add<sensors::alert>(
      sensors::alert_output, "discarded",
      std::make_unique<discarding_writer<sensors::alert>>());
  return std::make_unique<in_process_pipeline>(cfg, "sensors", std::move(*plan),
                                               std::move(writers));
}

figure_result measure_in_memory_job(const sensor_bench_options& opts,
                                    const reading_table& table,
                                    const std::string& dir) {
  auto encoding = name_of(table.format());
  figure_result result{"sensors job in memory, " + encoding, table.size(),
                       ">= 1.5 × baseline"};
  result.baseline = plain_loop_figure(table.format());
  for (int run = 0; run < opts.repeat; ++run) {
    result.runs.push_back(run_once(
        opts, table, dir + "/" + encoding + "-" + std::to_string(run + 1)));
    progress(result.name + " run " + std::to_string(run + 1) + ": " +
             format(result.runs.back()[0].value, unit::per_second));
  }
  return result;
}

} // namespace eddy::bench
