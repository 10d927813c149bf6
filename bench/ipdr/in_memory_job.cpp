// Starts ipdr::plan with a generator over the table and a discarding usage
// writer, and counts the JSON records its source parsed.
#include "bench/ipdr/in_memory_job.hpp"

#include <atomic>
#include <memory>
#include <thread>

#include "actors/record_writer.hpp"
#include "apps/ipdr/ipdr_pipeline.hpp"
#include "bench/common/bench_failure.hpp"
#include "bench/common/cpu_time.hpp"
#include "bench/common/in_process_pipeline.hpp"
#include "bench/common/progress.hpp"
#include "bench/ipdr/plain_loop.hpp"

namespace eddy::bench {

namespace {

using ipdr_source = source_plan<ipdr::record>;

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

std::unique_ptr<in_process_pipeline> start_job(const settings& cfg,
                                               ipdr_source source) {
  auto opts = ipdr::read_options(cfg);
  std::vector<ipdr_source> sources;
  sources.push_back(std::move(source));
  auto plan = ipdr::plan(opts, std::move(sources));
  if (!plan)
    throw bench_failure{"ipdr::plan: " + describe(plan.error())};
  output_writers writers;
  writers.add<ipdr::usage>(ipdr::usage_output, "discarded",
                           std::make_unique<discarding_writer<ipdr::usage>>());
  return std::make_unique<in_process_pipeline>(cfg, "ipdr", std::move(*plan),
                                               std::move(writers));
}

std::vector<metric> run_once(const ipdr_bench_options& opts,
                             const ipdr_table& table, const std::string& dir) {
  auto cfg = in_process_settings(dir, opts.extra_settings);
  auto zone = ipdr::local_time_zone::load(cfg.get_string("ipdr.timezone"));
  if (!zone)
    throw bench_failure{describe(zone.error())};
  auto parsed = std::make_shared<std::atomic<uint64_t>>(0);
  auto job = start_job(cfg, table_source(table, ipdr::parser{*zone}, parsed));
  std::this_thread::sleep_for(warm_up_time);
  auto parsed_before = parsed->load();
  auto applied_before = job->records_applied();
  process_stopwatch clock;
  std::this_thread::sleep_for(opts.measure_time);
  auto seconds = clock.seconds();
  auto cpu_seconds = clock.cpu_seconds();
  auto records = static_cast<double>(parsed->load() - parsed_before);
  auto applied = static_cast<double>(job->records_applied() - applied_before);
  job.reset();
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
