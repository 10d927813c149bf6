// Runs the eddy program over the filled topic and watches /v1/jobs.
#include "bench/kafka/eddy_consumption.hpp"

#include <thread>

#include "bench/common/cpu_time.hpp"
#include "bench/common/eddy_program.hpp"
#include "bench/common/progress.hpp"
#include "bench/common/results_table.hpp"
#include "bench/common/stopwatch.hpp"
#include "bench/common/wait_until.hpp"
#include "bench/kafka/job_counters.hpp"

namespace eddy::bench {

namespace {

/// How often /v1/jobs is asked: often enough that the last poll adds
/// little to a run of seconds (at most 50 ms), seldom enough that answering
/// costs eddy little (an answer takes about 1.3 ms of its CPU: at 20 ms
/// that was 4.6% of what it spent in a profile).
constexpr std::chrono::milliseconds counter_poll{50};

constexpr double progress_interval_ms = 1000;

double per_second(uint64_t records, double ms) {
  return ms > 0 ? static_cast<double>(records) / (ms / 1000) : 0;
}

// "eddy: 120,000 applied, 119,000 results written (612.0k/s)".
void report_progress(const job_counters& now, bool awaits_results,
                     double rate) {
  auto written = awaits_results ? ", " + with_commas(now.results_written) +
                                      " results written"
                                : "";
  progress("  eddy: " + with_commas(now.applied) + " applied" + written + " (" +
           format(rate, unit::per_second) + ")");
}

} // namespace

double eddy_consumption::rate() const {
  return per_second(records - applied_at_start, written_ms);
}

double eddy_consumption::applied_rate() const {
  return per_second(records - applied_at_start, applied_ms);
}

eddy_consumption process_topic_with_eddy(
    const std::string& program, const setting_list& settings,
    const std::string& log, uint64_t records, const std::string& results_topic,
    const std::function<void(uint16_t port)>& once_applied, pid_t peer) {
  auto awaits_results = !results_topic.empty();
  eddy_consumption run;
  run.records = records;
  stopwatch since_start;
  eddy_program eddy{program, settings, log};
  auto port = eddy.await_url();
  job_counters now;
  wait_until(
      [&] {
        now = read_job_counters(port, results_topic);
        return now.applied > 0;
      },
      "eddy applied its first record from Kafka", step_timeout, counter_poll);
  stopwatch since_first;
  auto cpu_at_first = process_cpu_seconds(eddy.pid());
  auto threads_at_first = thread_cpu_seconds(eddy.pid());
  auto peer_at_first = peer > 0 ? process_cpu_seconds(peer) : 0;
  run.start_up_ms = since_start.elapsed_ms();
  run.applied_at_start = now.applied;
  progress("  eddy applied its first records " +
           format(run.start_up_ms, unit::ms) + " after its start (" +
           with_commas(now.applied) + " then)");
  double last_line_ms = 0;
  uint64_t last_line_applied = now.applied;
  wait_until(
      [&] {
        now = read_job_counters(port, results_topic);
        auto ms = since_first.elapsed_ms();
        if (run.applied_ms == 0 && now.applied >= records)
          run.applied_ms = ms;
        if (ms - last_line_ms >= progress_interval_ms) {
          report_progress(
              now, awaits_results,
              per_second(now.applied - last_line_applied, ms - last_line_ms));
          last_line_ms = ms;
          last_line_applied = now.applied;
        }
        return now.applied >= records &&
               (!awaits_results || now.results_written >= records);
      },
      "eddy applied " + with_commas(records) + " records" +
          (awaits_results ? " and wrote their results" : ""),
      step_timeout, counter_poll);
  run.written_ms = since_first.elapsed_ms();
  run.cpu_seconds = process_cpu_seconds(eddy.pid()) - cpu_at_first;
  run.busiest_thread =
      busiest_thread(threads_at_first, thread_cpu_seconds(eddy.pid()));
  if (peer > 0)
    run.peer_cpu_seconds = process_cpu_seconds(peer) - peer_at_first;
  progress("  eddy: " + with_commas(records) + " records: applied at " +
           format(run.applied_rate(), unit::per_second) +
           (awaits_results
                ? ", results written at " + format(run.rate(), unit::per_second)
                : "") +
           " (from the first record applied)");
  if (once_applied)
    once_applied(port);
  eddy.kill();
  return run;
}

} // namespace eddy::bench
