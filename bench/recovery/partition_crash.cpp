// Crashes partitions of the in-process job and times their recovery.
#include "bench/recovery/partition_crash.hpp"

#include <algorithm>
#include <thread>

#include "bench/common/in_process_job.hpp"
#include "bench/common/progress.hpp"
#include "bench/common/stopwatch.hpp"
#include "bench/common/wait_until.hpp"
#include "bench/recovery/job_settings.hpp"

namespace eddy::bench {

namespace {

const source_partition generator_source{"generator", 0};

// The generator offset partition `p` has applied up to; -1 while it does
// not answer (not running, or restoring).
offset_t applied_offset(inventory_job& job, int32_t p) {
  auto positions = job.applied_positions(p);
  if (!positions)
    return -1;
  auto i = positions->find(generator_source);
  return i == positions->end() ? -1 : i->second;
}

// The highest generator offset any partition has applied.
offset_t job_offset(inventory_job& job) {
  offset_t highest = -1;
  auto partitions = static_cast<int32_t>(job.status().partitions.size());
  for (int32_t p = 0; p < partitions; ++p)
    highest = std::max(highest, applied_offset(job, p));
  return highest;
}

// The generator offset the newest completed checkpoint covers.
offset_t checkpointed_offset(const job_status& status) {
  for (auto& cp : status.checkpoints) // newest first
    if (cp.outcome == checkpoint_outcome::completed)
      for (auto& pos : cp.positions)
        if (pos.source == generator_source.source)
          return pos.offset;
  return -1;
}

std::vector<metric> crash_once(inventory_job& job, int32_t p) {
  auto restarts = job.status().partitions[p].restarts;
  auto reached = job_offset(job);
  auto since_checkpoint =
      std::max<offset_t>(0, reached - checkpointed_offset(job.status()));
  stopwatch clock;
  job.crash_partition(p);
  wait_until(
      [&] {
        auto part = job.status().partitions[p];
        return part.restarts > restarts && part.state == run_state::running;
      },
      "partition " + std::to_string(p) + " runs again");
  auto running_ms = clock.elapsed_ms();
  wait_until([&] { return applied_offset(job, p) >= reached; },
             "partition " + std::to_string(p) + " applied offset " +
                 std::to_string(reached));
  auto caught_up_ms = clock.elapsed_ms();
  progress("  partition " + std::to_string(p) + ": running again after " +
           format(running_ms, unit::ms) + ", caught up after " +
           format(caught_up_ms, unit::ms) + " (" +
           with_commas(static_cast<uint64_t>(since_checkpoint)) +
           " records applied since the last checkpoint)");
  return {{"caught up", caught_up_ms, unit::ms},
          {"running again", running_ms, unit::ms},
          {"records since checkpoint", static_cast<double>(since_checkpoint),
           unit::count}};
}

} // namespace

figure_result measure_partition_crash(const bench_options& opts,
                                      const std::string& dir) {
  auto items = opts.items_for(crash_items);
  figure_result result{"partition crash to caught up", items, "<= 1 s", {}};
  progress("partition crash: " + with_commas(items) + " items, generator at " +
           with_commas(crash_load_rate) + " tx/s");
  auto settings = job_settings(dir, items, opts);
  int64_t primed_at = 0;
  {
    in_process_job primer{settings};
    primed_at = prime_items(primer, items);
  }
  stopwatch restore;
  in_process_job loaded{with_generator(settings, crash_load_rate)};
  progress("  job restarted on " + with_commas(items) +
           " items (and their open windows) in " +
           format(restore.elapsed_ms(), unit::ms));
  await_windows_closed(primed_at, window_size_ms(opts));
  auto partitions = static_cast<int>(loaded.job().status().partitions.size());
  for (int run = 0; run < opts.repeat; ++run) {
    std::this_thread::sleep_for(settle_time);
    result.runs.push_back(crash_once(loaded.job(), run % partitions));
  }
  return result;
}

} // namespace eddy::bench
