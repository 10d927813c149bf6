// A dev cluster, eddy and the paced load per run.
#include "bench/telemetry/latency_figure.hpp"

#include "bench/common/progress.hpp"
#include "bench/common/scratch_dir.hpp"
#include "bench/kafka/dev_cluster.hpp"
#include "bench/kafka/job_settings.hpp"
#include "bench/kafka/paced_latency.hpp"
#include "bench/telemetry/telemetry_messages.hpp"
#include "bench/telemetry/telemetry_settings.hpp"

namespace eddy::bench {

namespace {

std::vector<metric> latency_run(const telemetry_bench_options& opts,
                                const setting_list& settings,
                                const std::string& run_dir) {
  dev_cluster cluster{opts.devkafka(),
                      {{raw_topic, min_input_partitions},
                       {validated_topic, min_input_partitions},
                       {dead_letter_topic, 1}},
                      run_dir + "/devkafka.log"};
  auto& bootstrap = cluster.bootstrap_servers();
  return measure_paced_latency(
      opts.eddy(),
      telemetry_settings(run_dir, bootstrap, fresh_group_id("latency"),
                         raw_topic, {.kafka_topic = validated_topic}, settings),
      run_dir + "/eddy.log", bootstrap,
      {.input_topic = raw_topic,
       .results_topic = validated_topic,
       .messages = sent_events(),
       .id_of = event_number_of,
       .rate = latency_rate,
       .warmup = opts.warmup(),
       .window = opts.measure_time});
}

} // namespace

figure_result measure_latency(const telemetry_bench_options& opts,
                              const setting_list& tuning,
                              const std::string& name_suffix,
                              const std::string& dir) {
  auto measured =
      static_cast<uint64_t>(latency_rate * opts.measure_time.count());
  figure_result row{"end-to-end latency at 10k events/s" + name_suffix,
                    measured,
                    "p99 <= 50 ms",
                    {}};
  auto settings = opts.extra_settings;
  settings.insert(settings.end(), tuning.begin(), tuning.end());
  std::string tuned;
  for (auto& [key, value] : tuning)
    tuned += " " + key + "=" + value;
  progress("latency: eddy from raw_telemetry to validated_telemetry at "
           "10k events/s" +
           (tuned.empty() ? "" : ", with" + tuned));
  scratch_dir runs{dir};
  for (int run = 1; run <= opts.repeat; ++run) {
    progress("  run " + std::to_string(run) + " of " +
             std::to_string(opts.repeat));
    row.runs.push_back(
        latency_run(opts, settings, runs.fresh("run-" + std::to_string(run))));
  }
  return row;
}

} // namespace eddy::bench
