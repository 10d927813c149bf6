// Times checkpoints of the in-process job after a tenth of its items changed.
#include "bench/recovery/checkpoint_cost.hpp"

#include "bench/common/in_process_job.hpp"
#include "bench/common/progress.hpp"
#include "bench/recovery/job_settings.hpp"

namespace eddy::bench {

namespace {

/// Longer than any run: only the benchmark's own checkpoints happen.
constexpr const char* no_periodic_checkpoints = "3600000";

std::vector<metric> checkpoint_metrics(const checkpoint_status& cp) {
  return {{"duration", cp.duration_ms, unit::ms},
          {"written", static_cast<double>(cp.bytes), unit::bytes}};
}

} // namespace

std::vector<figure_result> measure_checkpoints(const bench_options& opts,
                                               const std::string& dir) {
  auto items = opts.items_for(checkpoint_items);
  auto changed = items / changed_stride;
  std::vector<figure_result> rows{
      {"checkpoint, 10% changed", items, "<= 100 ms", {}},
      {"checkpoint, nothing changed", items, "-", {}}};
  progress("checkpoint: " + with_commas(items) + " items, " +
           with_commas(changed) + " changed per run");
  auto settings = job_settings(dir, items, opts);
  settings.emplace_back("checkpoint.interval.ms", no_periodic_checkpoints);
  in_process_job job{settings};
  prime_items(job, items);
  for (int run = 0; run < opts.repeat; ++run) {
    auto first = 1 + static_cast<uint64_t>(run) % changed_stride;
    sweep_items(job, first, changed, changed_stride);
    auto after_changes = job.checkpoint();
    auto unchanged = job.checkpoint();
    progress(
        "  checkpoint " + std::to_string(after_changes.id) + ": " +
        format(after_changes.duration_ms, unit::ms) + ", " +
        format(static_cast<double>(after_changes.bytes), unit::bytes) +
        "; with nothing changed: " + format(unchanged.duration_ms, unit::ms) +
        ", " + format(static_cast<double>(unchanged.bytes), unit::bytes));
    rows[0].runs.push_back(checkpoint_metrics(after_changes));
    rows[1].runs.push_back(checkpoint_metrics(unchanged));
  }
  return rows;
}

} // namespace eddy::bench
