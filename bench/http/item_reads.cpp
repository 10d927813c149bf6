// Primes the items, starts the servers and runs wrk against them.
#include "bench/http/item_reads.hpp"

#include <chrono>
#include <thread>

#include "bench/common/cpu_time.hpp"
#include "bench/common/eddy_program.hpp"
#include "bench/common/http_probe.hpp"
#include "bench/common/in_process_job.hpp"
#include "bench/common/program_path.hpp"
#include "bench/common/progress.hpp"
#include "bench/common/stopwatch.hpp"
#include "bench/common/wait_until.hpp"
#include "bench/http/baseline_child.hpp"
#include "bench/http/job_settings.hpp"
#include "bench/http/jobs_report.hpp"
#include "bench/http/random_item_script.hpp"
#include "bench/http/wrk_run.hpp"

namespace eddy::bench::http {

namespace {

using namespace std::chrono_literals;

/// What every wrk run reads and where the servers are.
struct load {
  std::string script;
  int timeout_seconds;  // wrk's request timeout
  std::string eddy;     // the eddy program
  std::string baseline; // the minimal server
  std::string eddy_log;
};

/// One wrk run and the CPU time the server used meanwhile.
struct measured_run {
  wrk_report wrk;
  /// Requests per CPU-second of the server: what it costs per request,
  /// which the other load on a shared machine disturbs less than req/s.
  double per_server_core = 0;
};

measured_run measure(pid_t server, uint16_t port, const load& with, int seconds,
                     const std::string& name) {
  auto cpu_before = process_cpu_seconds(server);
  auto wrk = run_wrk(port, with.script, seconds, with.timeout_seconds, name);
  auto cpu = process_cpu_seconds(server) - cpu_before;
  auto requests = static_cast<double>(wrk.requests);
  return {wrk, cpu_before >= 0 && cpu > 0 ? requests / cpu : 0};
}

std::string summary(const measured_run& r) {
  return format(r.wrk.requests_per_second, unit::per_second) + " (p99 " +
         format(r.wrk.p99_ms, unit::ms) + ", " +
         format(r.per_server_core, unit::per_second) + " per core)";
}

metric requests(const measured_run& r) {
  return {"requests", r.wrk.requests_per_second, unit::per_second};
}
metric p99(const measured_run& r) {
  return {"p99", r.wrk.p99_ms, unit::ms};
}
metric p50(const measured_run& r) {
  return {"p50", r.wrk.p50_ms, unit::ms};
}
metric per_core(const measured_run& r) {
  return {"per server core", r.per_server_core, unit::per_second};
}

// Waits until eddy answers 200 for the last primed item: its partition
// serves, and the priming made the item (else wrk would get 404s).
void await_item(uint16_t port, uint64_t items) {
  auto target = "/v1/items/item_" + std::to_string(items);
  wait_until([&] { return http_get(port, target).status == 200; },
             "GET " + target + " answered 200", 60s, 50ms);
}

// The minimal server and eddy without ingest, their runs alternating.
void measure_without_ingest(const bench_options& opts, const load& with,
                            const setting_list& settings, int64_t primed_at,
                            figure_result& baseline, figure_result& idle) {
  baseline_child base{with.baseline, opts.http_threads};
  eddy_program eddy{with.eddy, settings, with.eddy_log};
  auto port = eddy.await_url();
  await_item(port, opts.items);
  progress("  minimal server on port " + std::to_string(base.port()) +
           ", eddy (generator off) on port " + std::to_string(port) + ", " +
           std::to_string(opts.http_threads) + " I/O thread(s) each");
  // Closing the priming's window emits a summary per item; it must not
  // land in a measured run.
  await_windows_closed(primed_at, window_size_ms(opts));
  std::this_thread::sleep_for(settle_time);
  run_wrk(base.port(), with.script, opts.warmup_seconds(), with.timeout_seconds,
          "the minimal server");
  run_wrk(port, with.script, opts.warmup_seconds(), with.timeout_seconds,
          "eddy");
  for (int run = 1; run <= opts.repeat; ++run) {
    auto b = measure(base.pid(), base.port(), with, opts.seconds,
                     "the minimal server");
    auto e = measure(eddy.pid(), port, with, opts.seconds, "eddy");
    progress("  run " + std::to_string(run) + ": minimal server " + summary(b) +
             ", eddy " + summary(e));
    baseline.runs.push_back({requests(b), p99(b), per_core(b)});
    idle.runs.push_back({requests(e), p99(e), p50(e), per_core(e)});
  }
  eddy.stop();
}

// eddy with the generator at ingest_rate; the rate is checked per run.
void measure_with_ingest(const bench_options& opts, const load& with,
                         const setting_list& settings, figure_result& busy) {
  eddy_program eddy{with.eddy, ingesting(settings), with.eddy_log};
  auto port = eddy.await_url();
  await_item(port, opts.items);
  progress("  eddy with the generator at " + with_commas(ingest_rate) +
           " tx/s on port " + std::to_string(port));
  std::this_thread::sleep_for(settle_time);
  run_wrk(port, with.script, opts.warmup_seconds(), with.timeout_seconds,
          "eddy");
  for (int run = 1; run <= opts.repeat; ++run) {
    auto before = records_processed(port);
    stopwatch clock;
    auto r = measure(eddy.pid(), port, with, opts.seconds, "eddy");
    auto applied = records_processed(port) - before;
    auto rate = static_cast<double>(applied) / (clock.elapsed_ms() / 1000);
    progress("  run " + std::to_string(run) + ": eddy " +
             format(r.wrk.requests_per_second, unit::per_second) + " (p99 " +
             format(r.wrk.p99_ms, unit::ms) + "), ingest " +
             format(rate, unit::per_second));
    if (rate < ingest_rate_tolerance * static_cast<double>(ingest_rate))
      progress("  warning: the job applied only " +
               format(rate, unit::per_second) + " while wrk ran, not " +
               format(static_cast<double>(ingest_rate), unit::per_second) +
               ": this run is not at the target's load");
    // No rate per core here: eddy's CPU time includes the ingest's.
    busy.runs.push_back(
        {requests(r), p99(r), p50(r), {"ingest", rate, unit::per_second}});
  }
  eddy.stop();
}

} // namespace

std::vector<figure_result> measure_item_reads(const bench_options& opts,
                                              const std::string& dir) {
  figure_result baseline{baseline_row, opts.items, "—", {}};
  figure_result idle{idle_row,
                     opts.items,
                     ">= 90% of baseline, p99 <= 5 ms",
                     {},
                     baseline_row};
  figure_result busy{ingest_row,
                     opts.items,
                     ">= 60% of baseline, p99 <= 10 ms",
                     {},
                     baseline_row};
  progress("HTTP reads: " + with_commas(opts.items) + " items, wrk -t" +
           std::to_string(wrk_threads) + " -c" +
           std::to_string(wrk_connections) + " -d" +
           std::to_string(opts.seconds) + "s");
  auto settings = job_settings(dir, opts);
  int64_t primed_at = 0;
  {
    in_process_job primer{settings};
    primed_at = prime_items(primer, opts.items);
  }
  load with{.script = write_random_item_script(dir, opts.items),
            .timeout_seconds = opts.wrk_timeout_seconds(),
            .eddy = opts.eddy_program.empty() ? eddy_next_to_this_program()
                                              : opts.eddy_program,
            .baseline = opts.baseline_program.empty()
                            ? program_next_to_this("eddy-bench-http-baseline")
                            : opts.baseline_program,
            .eddy_log = dir + "/eddy.log"};
  progress("  eddy's log: " + with.eddy_log);
  measure_without_ingest(opts, with, settings, primed_at, baseline, idle);
  measure_with_ingest(opts, with, settings, busy);
  return {baseline, idle, busy};
}

} // namespace eddy::bench::http
