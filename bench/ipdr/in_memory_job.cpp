// Starts ipdr::plan with a generator over the table and a discarding usage
// writer, and counts the JSON records its source parsed.
#include "bench/ipdr/in_memory_job.hpp"

#include <atomic>
#include <memory>
#include <thread>

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"

#include "actors/record_writer.hpp"
#include "apps/eddy/job_catalog.hpp"
#include "apps/ipdr/ipdr_pipeline.hpp"
#include "bench/common/bench_failure.hpp"
#include "bench/common/cpu_time.hpp"
#include "bench/common/progress.hpp"
#include "bench/common/stopwatch.hpp"
#include "bench/ipdr/plain_loop.hpp"
#include "config/settings.hpp"
#include "runtime/engine_options.hpp"

namespace eddy::bench {

namespace {

using ipdr_source = source_plan<ipdr::record>;

/// The defaults, state under `dir`, then --set.
settings job_settings(const ipdr_bench_options& opts, const std::string& dir) {
  auto cfg = settings::defaults(catalog_keys());
  setting_list dirs{{"state.dir", dir + "/state"},
                    {"output.dir", dir + "/out"},
                    {"savepoint.dir", dir + "/savepoints"}};
  for (auto& list : {dirs, opts.extra_settings})
    for (auto& [key, value] : list)
      if (auto err = cfg.set(key, value, "eddy-bench-ipdr"))
        throw bench_failure{describe(err)};
  return cfg;
}

/// Record i is the table's record i parsed, as the job's own generator
/// source does with the JSON it makes (and the Kafka source with a
/// message): a malformed one is dropped. `parsed` counts them all.
ipdr_source table_source(const ipdr_table& table, const ipdr::parser& parse,
                         std::shared_ptr<std::atomic<uint64_t>> parsed) {
  return generator_input<ipdr::record>(
      0, [table = &table, parse, parsed](offset_t i, int64_t,
                                         emitter<ipdr::record>& out) {
        if (auto rec = parse(table->at(static_cast<uint64_t>(i))))
          out.emit(std::move(*rec));
        parsed->fetch_add(1, std::memory_order_relaxed);
      });
}

std::unique_ptr<pipeline_job>
start_job(caf::actor_system& sys, const settings& cfg, ipdr_source source) {
  auto opts = ipdr::read_options(cfg);
  std::vector<ipdr_source> sources;
  sources.push_back(std::move(source));
  auto plan = ipdr::plan(opts, std::move(sources));
  if (!plan)
    throw bench_failure{"ipdr::plan: " + describe(plan.error())};
  output_writers writers;
  writers.add<ipdr::usage>(ipdr::usage_output, "discarded",
                           std::make_unique<discarding_writer<ipdr::usage>>());
  auto job = std::move(*plan).start(sys, read_engine_options(cfg, "ipdr", {}),
                                    std::move(writers));
  if (!job)
    throw bench_failure{"the ipdr job did not start: " + describe(job.error())};
  return std::move(*job);
}

uint64_t records_applied(pipeline_job& job) {
  uint64_t sum = 0;
  for (auto& part : job.status().partitions)
    sum += part.records_processed;
  return sum;
}

std::vector<metric> run_once(const ipdr_bench_options& opts,
                             const ipdr_table& table, const std::string& dir) {
  auto cfg = job_settings(opts, dir);
  auto zone = ipdr::local_time_zone::load(cfg.get_string("ipdr.timezone"));
  if (!zone)
    throw bench_failure{describe(zone.error())};
  caf::actor_system_config sys_cfg;
  sys_cfg.set("scheduler.max-threads",
              static_cast<size_t>(cfg.get_int("scheduler.threads")));
  sys_cfg.set("logger.verbosity", caf::atom("quiet"));
  caf::actor_system sys{sys_cfg};
  auto parsed = std::make_shared<std::atomic<uint64_t>>(0);
  auto job =
      start_job(sys, cfg, table_source(table, ipdr::parser{*zone}, parsed));
  std::this_thread::sleep_for(warm_up_time);
  auto parsed_before = parsed->load();
  auto applied_before = records_applied(*job);
  auto cpu_before = process_cpu_seconds();
  stopwatch clock;
  std::this_thread::sleep_for(opts.measure_time);
  auto seconds = clock.elapsed_ms() / 1000;
  auto cpu_seconds = process_cpu_seconds() - cpu_before;
  auto records = static_cast<double>(parsed->load() - parsed_before);
  auto applied = static_cast<double>(records_applied(*job) - applied_before);
  job->stop();
  return {
      {"records/s", records / seconds, unit::per_second},
      {"JSON", records / seconds * table.mean_bytes(), unit::bytes_per_second},
      {"kept (data) applied/s", applied / seconds, unit::per_second},
      {"per CPU second", records / cpu_seconds, unit::per_second},
      {"cores busy %", cpu_seconds / seconds * 100, unit::count}};
}

} // namespace

figure_result measure_in_memory_job(const ipdr_bench_options& opts,
                                    const ipdr_table& table,
                                    const std::string& dir) {
  figure_result result{"IPDR job in memory", table.size(), ">= 1.5 × baseline"};
  result.baseline = plain_loop_figure;
  for (int run = 0; run < opts.repeat; ++run) {
    result.runs.push_back(
        run_once(opts, table, dir + "/run-" + std::to_string(run + 1)));
    progress("IPDR job in memory run " + std::to_string(run + 1) + ": " +
             format(result.runs.back()[0].value, unit::per_second));
  }
  return result;
}

} // namespace eddy::bench
