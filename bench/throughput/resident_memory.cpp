// Primes every item in-process (so they are all in RocksDB) and waits until
// the summary window the priming filled has closed (it held an accumulator
// for every item, which a steady load never does); then, per run, starts
// the eddy program on that state with the generator at 100k tx/s over the
// same items and reads its VmRSS (and peak, VmHWM) from /proc after a
// while.
#include "bench/throughput/resident_memory.hpp"

#include <string>
#include <thread>

#include "bench/common/bench_failure.hpp"
#include "bench/common/eddy_program.hpp"
#include "bench/common/in_process_job.hpp"
#include "bench/common/process_memory.hpp"
#include "bench/common/progress.hpp"
#include "bench/throughput/throughput_settings.hpp"

namespace eddy::bench {

namespace {

void prime_state(const throughput_options& opts, const setting_list& settings) {
  in_process_job priming{settings};
  auto primed_at = prime_items(priming, opts.items);
  await_windows_closed(primed_at, summary_window_ms(opts));
  priming.checkpoint(); // drops the closed window from the store
}

std::vector<metric> run_once(const throughput_options& opts,
                             const setting_list& settings,
                             const std::string& dir) {
  eddy_program eddy{opts.eddy(), with_generator_at(settings, memory_load_rate),
                    dir + "/eddy.log"};
  eddy.await_url();
  progress("  eddy runs at " + with_commas(memory_load_rate) +
           " tx/s; reading its memory in " +
           std::to_string(memory_settle_time.count()) + " s");
  std::this_thread::sleep_for(memory_settle_time);
  auto rss = status_bytes(eddy.pid(), "VmRSS");
  auto peak = status_bytes(eddy.pid(), "VmHWM");
  eddy.stop();
  return {{"resident", rss, unit::bytes}, {"peak", peak, unit::bytes}};
}

} // namespace

figure_result measure_resident_memory(const throughput_options& opts,
                                      const std::string& dir) {
  figure_result result{"resident memory of eddy", opts.items, "<= 200 MB"};
  auto settings = throughput_job_settings(dir, opts);
  prime_state(opts, settings);
  for (int run = 0; run < opts.repeat; ++run) {
    result.runs.push_back(run_once(opts, settings, dir));
    progress("resident memory run " + std::to_string(run + 1) + ": " +
             format(result.runs.back()[0].value, unit::bytes));
  }
  return result;
}

} // namespace eddy::bench
