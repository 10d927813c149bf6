// Kills and restarts the eddy program and times it until it serves.
#include "bench/recovery/process_restart.hpp"

#include <algorithm>
#include <memory>
#include <thread>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "bench/common/bench_failure.hpp"
#include "bench/common/eddy_program.hpp"
#include "bench/common/http_probe.hpp"
#include "bench/common/in_process_job.hpp"
#include "bench/common/progress.hpp"
#include "bench/common/scratch_dir.hpp"
#include "bench/common/stopwatch.hpp"
#include "bench/common/wait_until.hpp"
#include "bench/recovery/job_settings.hpp"

namespace eddy::bench {

namespace {

// Waits until GET `target` answers 200.
void await_ok(uint16_t port, const std::string& target) {
  wait_until([&] { return http_get(port, target).status == 200; },
             "GET " + target + " answered 200");
}

// The id of the newest completed checkpoint eddy reports; 0 if none (or
// if /v1/jobs does not answer yet).
int64_t newest_checkpoint(uint16_t port) {
  auto answer = http_get(port, "/v1/jobs");
  auto report = nlohmann::json::parse(answer.body, nullptr, false);
  int64_t newest = 0;
  if (answer.status != 200 || report.is_discarded())
    return newest;
  for (auto& job : report.value("jobs", nlohmann::json::array()))
    for (auto& cp : job.value("checkpoints", nlohmann::json::array()))
      if (cp.value("outcome", "") == "completed")
        newest = std::max(newest, cp.value("id", int64_t{0}));
  return newest;
}

// Waits until eddy completed a checkpoint that started after it reported
// `seen` as its newest: checkpoint seen + 1 may have been running then, so
// seen + 2. A restarted eddy reports the checkpoint it restored at once;
// waiting for any completed one killed it before it persisted anything
// (e.g. the close of the priming's windows, which every restart then
// restored again: 10M window entries).
void await_checkpoint_after(uint16_t port, int64_t seen) {
  wait_until([&] { return newest_checkpoint(port) >= seen + 2; },
             "eddy completed a checkpoint", step_timeout,
             std::chrono::milliseconds{50});
}

} // namespace

figure_result measure_process_restart(const bench_options& opts,
                                      const std::string& dir) {
  auto items = opts.items_for(process_items);
  figure_result result{"kill -9 to serving", items, "<= 5 s", {}};
  progress("kill -9: eddy with " + with_commas(items) +
           " items, generator at " + with_commas(process_load_rate) + " tx/s");
  auto settings = job_settings(dir, items, opts);
  int64_t primed_at = 0;
  {
    in_process_job primer{settings};
    primed_at = prime_items(primer, items);
  }
  auto program = opts.eddy();
  auto running_settings = with_generator(settings, process_load_rate);
  auto log = dir + "/eddy.log";
  stopwatch first_start;
  auto eddy = std::make_unique<eddy_program>(program, running_settings, log);
  auto port = eddy->await_url();
  progress("  eddy started on " + with_commas(items) +
           " items (and the windows open then) in " +
           format(first_start.elapsed_ms(), unit::ms) + "; its log: " + log);
  await_windows_closed(primed_at, window_size_ms(opts));
  auto seen = newest_checkpoint(port);
  auto sample = "/v1/items/item_" + std::to_string(items);
  double state_bytes = -1;
  for (int run = 0; run < opts.repeat; ++run) {
    std::this_thread::sleep_for(settle_time);
    await_checkpoint_after(port, seen);
    eddy->kill();
    if (state_bytes < 0)
      state_bytes = static_cast<double>(directory_bytes(dir + "/state"));
    stopwatch clock;
    eddy = std::make_unique<eddy_program>(program, running_settings, log);
    port = eddy->await_url();
    auto url_ms = clock.elapsed_ms();
    await_ok(port, "/readyz");
    auto ready_ms = clock.elapsed_ms();
    await_ok(port, sample);
    auto serving_ms = clock.elapsed_ms();
    seen = newest_checkpoint(port);
    progress("  restart " + std::to_string(run + 1) + ": URL after " +
             format(url_ms, unit::ms) + ", /readyz 200 after " +
             format(ready_ms, unit::ms) + ", " + sample + " 200 after " +
             format(serving_ms, unit::ms));
    result.runs.push_back({{"serving", serving_ms, unit::ms},
                           {"URL printed", url_ms, unit::ms},
                           {"/readyz", ready_ms, unit::ms},
                           {"state dir", state_bytes, unit::bytes}});
  }
  eddy->stop();
  return result;
}

} // namespace eddy::bench
