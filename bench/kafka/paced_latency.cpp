// Runs eddy under paced load and times each message to its result.
#include "bench/kafka/paced_latency.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

#include "bench/common/bench_failure.hpp"
#include "bench/common/eddy_program.hpp"
#include "bench/common/progress.hpp"
#include "bench/kafka/job_settings.hpp"
#include "bench/kafka/paced_producer.hpp"

namespace eddy::bench {

namespace {

/// Before the load: one message per this interval until a result comes
/// back (eddy's group join on the dev cluster takes about 3 s).
constexpr std::chrono::milliseconds probe_interval{20};

constexpr std::chrono::minutes flowing_timeout{2};

/// How long the last results may take to arrive after the load stopped;
/// results still missing then count with the time waited.
constexpr std::chrono::seconds drain_timeout{60};

/// Below this share of the wanted rate the producer did not hold the load
/// (the machine was too busy), and the run says so.
constexpr double held_share = 0.95;

/// The value below which `share` (0 to 1) of the sorted `values` lie
/// (nearest rank).
double percentile(const std::vector<double>& sorted, double share) {
  if (sorted.empty())
    return 0;
  auto rank = static_cast<size_t>(
      std::ceil(share * static_cast<double>(sorted.size())));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

// Sends one message at a time until the first result arrived.
void await_flowing(paced_producer& producer, result_collector& collector,
                   const std::string& noun) {
  auto deadline = std::chrono::steady_clock::now() + flowing_timeout;
  while (collector.received() == 0) {
    if (std::chrono::steady_clock::now() > deadline)
      throw bench_failure{"no result came back within 2 min of the first " +
                          noun + " (see eddy's log)"};
    producer.send_one();
    std::this_thread::sleep_for(probe_interval);
  }
}

// Waits until every result arrived, or drain_timeout passed.
void await_results(result_collector& collector, int64_t sent) {
  auto deadline = std::chrono::steady_clock::now() + drain_timeout;
  while (collector.received() < static_cast<uint64_t>(sent) &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
}

} // namespace

std::vector<metric> measure_paced_latency(const std::string& program,
                                          const setting_list& settings,
                                          const std::string& log,
                                          const std::string& bootstrap,
                                          const paced_load& load) {
  eddy_program eddy{program, settings, log};
  eddy.await_url();
  // Room for the load with a tenth to spare, and for the probes.
  auto load_ms = (load.warmup + load.window).count();
  send_log sends{static_cast<size_t>(load.rate * load_ms / 1000 * 11 / 10) +
                 100'000};
  result_collector collector{client_properties(bootstrap,
                                               fresh_group_id("results"),
                                               measuring_client_settings),
                             load.results_topic, load.id_of, sends};
  paced_producer producer{bootstrap, load.input_topic, load.messages, sends};
  await_flowing(producer, collector, load.messages.noun);
  progress("  results flow; the load for " +
           format(static_cast<double>(load.warmup.count()), unit::ms) +
           " (warm-up), then " +
           format(static_cast<double>(load.window.count()), unit::ms) +
           " (measured)");
  auto warmup = producer.send_at(load.rate, load.warmup);
  auto measured = producer.send_at(load.rate, load.window);
  if (measured.rate() < held_share * static_cast<double>(load.rate))
    progress("  the producer held only " +
             format(measured.rate(), unit::per_second) +
             ": this run measured a lighter load (the machine is busy)");
  producer.flush();
  await_results(collector, producer.sent());
  size_t missing = 0;
  auto latencies =
      collector.latencies_ms(measured.first_id, measured.end_id, missing);
  eddy.kill(); // its state is thrown away: no need for a clean stop
  std::sort(latencies.begin(), latencies.end());
  auto p50 = percentile(latencies, 0.50);
  auto p99 = percentile(latencies, 0.99);
  auto p999 = percentile(latencies, 0.999);
  auto max = latencies.empty() ? 0 : latencies.back();
  progress("  producer held " + format(warmup.rate(), unit::per_second) +
           " (warm-up), " + format(measured.rate(), unit::per_second) +
           " (measured); latency p50 " + format(p50, unit::ms) + ", p99 " +
           format(p99, unit::ms) + ", p99.9 " + format(p999, unit::ms) +
           ", max " + format(max, unit::ms) + " over " +
           with_commas(latencies.size()) + " results" +
           (missing > 0 ? " (" + with_commas(missing) +
                              " had not arrived after a minute: counted "
                              "with the time waited)"
                        : ""));
  return {
      {"p99", p99, unit::ms},
      {"p50", p50, unit::ms},
      {"p99.9", p999, unit::ms},
      {"max", max, unit::ms},
      {"producer held", measured.rate(), unit::per_second},
      {"results measured", static_cast<double>(latencies.size()), unit::count},
      {"results missing", static_cast<double>(missing), unit::count}};
}

} // namespace eddy::bench
