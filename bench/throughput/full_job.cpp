// Measures the records the job's partitions apply per second, as /v1/jobs
// counts them, with the checkpoints the job takes meanwhile.
#include "bench/throughput/full_job.hpp"

#include <thread>

#include "bench/common/in_process_job.hpp"
#include "bench/common/progress.hpp"
#include "bench/common/stopwatch.hpp"
#include "bench/throughput/map_loop.hpp"
#include "bench/throughput/throughput_settings.hpp"

namespace eddy::bench {

namespace {

// The median duration of the completed checkpoints among `checkpoints`
// (the job keeps the last few) with an id above `after`.
double median_duration(const std::vector<checkpoint_status>& checkpoints,
                       int64_t after) {
  std::vector<double> durations;
  for (auto& cp : checkpoints)
    if (cp.id > after && cp.outcome == checkpoint_outcome::completed)
      durations.push_back(cp.duration_ms);
  return median(durations);
}

int64_t newest_checkpoint(const job_status& status) {
  return status.checkpoints.empty() ? 0 : status.checkpoints.front().id;
}

std::vector<metric> run_once(const throughput_options& opts,
                             const std::string& dir) {
  auto settings = throughput_job_settings(dir, opts);
  {
    in_process_job priming{settings};
    prime_items(priming, opts.items);
  }
  in_process_job running{with_generator_at(settings, 0)};
  std::this_thread::sleep_for(warm_up_time);
  auto before = running.records_processed();
  auto first_checkpoint = newest_checkpoint(running.job().status());
  stopwatch clock;
  std::this_thread::sleep_for(opts.measure_time);
  auto applied = running.records_processed() - before;
  auto seconds = clock.elapsed_ms() / 1000;
  auto status = running.job().status();
  auto checkpoints = newest_checkpoint(status) - first_checkpoint;
  auto duration = median_duration(status.checkpoints, first_checkpoint);
  return {{"rate", static_cast<double>(applied) / seconds, unit::per_second},
          {"checkpoints", static_cast<double>(checkpoints), unit::count},
          {"checkpoint duration", duration, unit::ms}};
}

} // namespace

figure_result measure_full_job(const throughput_options& opts,
                               const std::string& dir) {
  figure_result result{"inventory job: RocksDB, windows, 1 s checkpoints",
                       opts.items, ">= 3M/s"};
  result.baseline = map_loop_figure;
  for (int run = 0; run < opts.repeat; ++run) {
    result.runs.push_back(run_once(opts, dir + "/job-" + std::to_string(run)));
    progress("inventory job run " + std::to_string(run + 1) + ": " +
             format(result.runs.back()[0].value, unit::per_second));
  }
  return result;
}

} // namespace eddy::bench
