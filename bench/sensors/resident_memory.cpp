// Both rows read VmRSS before and after in this process (process_memory),
// with what earlier runs freed trimmed back to the system first, so that
// the growth is what the sensors' windows hold.
#include "bench/sensors/resident_memory.hpp"

#include <malloc.h>

#include <thread>

#include "actors/wall_clock.hpp"
#include "bench/common/bench_failure.hpp"
#include "bench/common/process_memory.hpp"
#include "bench/common/progress.hpp"
#include "bench/common/stopwatch.hpp"
#include "bench/common/wait_until.hpp"
#include "bench/sensors/device_windows.hpp"
#include "bench/sensors/in_memory_job.hpp"
#include "bench/sensors/plain_loop.hpp"

namespace eddy::bench {

namespace {

using std::chrono::milliseconds;

/// The longest the job's run may take from its start to its measurement
/// (a million readings decoded and windowed take about 2 s): it waits for
/// the next window if less than this is left of the current one.
constexpr std::chrono::seconds memory_run_budget{20};

/// How often the job's status is asked while waiting: each answer walks
/// every actor.
constexpr milliseconds status_poll{10};

const std::string baseline_name = "resident memory, plain loop's map";

std::vector<metric> growth(double grown, uint64_t devices) {
  return {{"per device", grown / static_cast<double>(devices), unit::bytes},
          {"resident growth", grown, unit::bytes}};
}

std::vector<metric> baseline_run(const sensors::options& job,
                                 const reading_table& table) {
  malloc_trim(0);
  auto before = resident_bytes();
  double grown = 0;
  {
    device_windows windows{job, decoder_for(table.format())};
    for (uint64_t j = 0; j < table.size(); ++j)
      if (!windows.add(table.at(j)))
        throw bench_failure{"the plain loop found generated reading " +
                            with_commas(j) + " malformed"};
    if (windows.devices() != table.size())
      throw bench_failure{"the plain loop's map holds " +
                          with_commas(windows.devices()) + " devices, not " +
                          with_commas(table.size())};
    grown = resident_bytes() - before;
  }
  malloc_trim(0);
  return growth(grown, table.size());
}

// Sleeps until the next processing-time window if the current one ends
// within memory_run_budget; answers the window the run starts in.
int64_t start_in_one_window(int64_t window_ms) {
  auto now = wall_clock_ms();
  auto left = window_ms - now % window_ms;
  if (left < std::chrono::milliseconds{memory_run_budget}.count()) {
    progress("  waiting " + format(static_cast<double>(left), unit::ms) +
             " for the next window, so that none closes while measured");
    std::this_thread::sleep_for(milliseconds{left + 10});
  }
  return wall_clock_ms() / window_ms;
}

std::vector<metric> job_run(const sensor_bench_options& opts,
                            const reading_table& table,
                            const std::string& dir) {
  auto cfg = in_process_settings(dir, opts.extra_settings);
  auto window_ms = sensors::read_options(cfg).window.size.count();
  auto window = start_in_one_window(window_ms);
  malloc_trim(0);
  auto before = resident_bytes();
  table_feed feed{table, decoder_for(table.format()), generator_parallelism,
                  table_feed::repeat::once};
  auto job = start_sensor_job(cfg, feed);
  stopwatch clock;
  wait_until([&] { return job->records_windowed() >= table.size(); },
             "the job's windows took in all " + with_commas(table.size()) +
                 " readings",
             step_timeout, status_poll);
  auto ms = clock.elapsed_ms();
  // What the readings in flight took is free now: given back, as the
  // baseline's map never had any.
  malloc_trim(0);
  auto grown = resident_bytes() - before;
  if (wall_clock_ms() / window_ms != window)
    throw bench_failure{"a window closed before the memory was measured (" +
                        format(ms, unit::ms) + " after the job started)"};
  job.reset();
  malloc_trim(0);
  auto metrics = growth(grown, table.size());
  metrics.push_back({"every device in after", ms, unit::ms});
  return metrics;
}

} // namespace

std::vector<figure_result>
measure_resident_memory(const sensor_bench_options& opts,
                        const sensors::options& job, const reading_table& table,
                        const std::string& dir) {
  figure_result baseline{baseline_name, table.size(), "-"};
  figure_result eddy{
      "resident memory, sensors job", table.size(), "-", {}, baseline_name};
  for (int run = 0; run < opts.repeat; ++run) {
    baseline.runs.push_back(baseline_run(job, table));
    progress(baseline.name + " run " + std::to_string(run + 1) + ": " +
             format(baseline.runs.back()[0].value, unit::bytes) +
             " per device");
    eddy.runs.push_back(
        job_run(opts, table, dir + "/run-" + std::to_string(run + 1)));
    progress(eddy.name + " run " + std::to_string(run + 1) + ": " +
             format(eddy.runs.back()[0].value, unit::bytes) + " per device, " +
             format(eddy.runs.back()[1].value, unit::bytes) + " in all");
  }
  return {baseline, eddy};
}

} // namespace eddy::bench
