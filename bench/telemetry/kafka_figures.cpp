// Fills the topic once, then alternates the baseline and the eddy runs over
// it; the PostgreSQL run waits until the table holds every event.
#include "bench/telemetry/kafka_figures.hpp"

#include <optional>

#include "actors/wall_clock.hpp"
#include "bench/common/bench_failure.hpp"
#include "bench/common/cpu_time.hpp"
#include "bench/common/postgres_process.hpp"
#include "bench/common/progress.hpp"
#include "bench/common/scratch_dir.hpp"
#include "bench/common/stopwatch.hpp"
#include "bench/common/wait_until.hpp"
#include "bench/kafka/bare_consumer_run.hpp"
#include "bench/kafka/dev_cluster.hpp"
#include "bench/kafka/eddy_consumption.hpp"
#include "bench/kafka/job_settings.hpp"
#include "bench/telemetry/checkpoint_probe.hpp"
#include "bench/telemetry/telemetry_messages.hpp"
#include "bench/telemetry/telemetry_settings.hpp"

namespace eddy::bench {

namespace {

const std::string baseline_name = "bare librdkafka consumer";
const std::string kafka_job_name = "telemetry job, Kafka in and out";

/// Partitions of the validated events' topic (the dev cluster drops what
/// passes its 5 MiB per partition; nothing reads it back).
constexpr int output_partitions = 4;

/// How long the rows may take to reach PostgreSQL once every event was
/// applied (the writer inserts every 5000 rows and what is left at the
/// next checkpoint, 1 s), and how often they are counted.
constexpr std::chrono::minutes rows_timeout{5};
constexpr std::chrono::milliseconds rows_poll{200};

// The rows of `table`; 0 before the writer made it.
uint64_t rows_in(postgres_process& postgres, const std::string& table) {
  try {
    return std::stoull(postgres.query("SELECT count(*) FROM " + table));
  } catch (const bench_failure&) {
    return 0;
  } catch (const std::logic_error&) {
    return 0;
  }
}

std::vector<metric> consumption_metrics(const eddy_consumption& consumed,
                                        double mean_bytes) {
  auto seconds = consumed.written_ms / 1000;
  auto& busiest = consumed.busiest_thread;
  progress("  busiest eddy thread: " + busiest.name + ", " +
           format(busiest.seconds / seconds * 100, unit::count) +
           "% of a core");
  return {
      {"events/s", consumed.rate(), unit::per_second},
      {"key and JSON", consumed.rate() * mean_bytes, unit::bytes_per_second},
      {"eddy's cores busy %", consumed.cpu_seconds / seconds * 100,
       unit::count},
      {"its busiest thread (" + busiest.name + ") %",
       busiest.seconds / seconds * 100, unit::count},
      {"dev cluster's cores busy %", consumed.peer_cpu_seconds / seconds * 100,
       unit::count},
      {"start-up and group join", consumed.start_up_ms, unit::ms}};
}

// The Kafka-out run and, once every event is written, the checkpoint.
void kafka_run(const telemetry_bench_options& opts, const dev_cluster& cluster,
               uint64_t events, double mean_bytes, const std::string& run_dir,
               figure_result& job, figure_result& checkpoint) {
  auto output = validated_topic;
  checkpoint_taken taken;
  auto consumed = process_topic_with_eddy(
      opts.eddy(),
      telemetry_settings(run_dir, cluster.bootstrap_servers(),
                         fresh_group_id("telemetry"), raw_topic,
                         {.kafka_topic = output}, opts.extra_settings),
      run_dir + "/eddy.log", events, output,
      [&](uint16_t port) {
        taken = await_checkpoint(port, wall_clock_ms());
        progress(
            "  checkpoint with " + with_commas(events) +
            " ids in the dedup state: " + format(taken.duration_ms, unit::ms) +
            ", " + format(static_cast<double>(taken.bytes), unit::bytes) +
            " written; the slowest listed " +
            format(taken.slowest_ms, unit::ms) + ", " +
            format(static_cast<double>(taken.slowest_bytes), unit::bytes));
      },
      cluster.pid());
  job.runs.push_back(consumption_metrics(consumed, mean_bytes));
  checkpoint.runs.push_back(
      {{"duration", taken.duration_ms, unit::ms},
       {"written", static_cast<double>(taken.bytes), unit::bytes},
       {"slowest while the state grew", taken.slowest_ms, unit::ms},
       {"it wrote", static_cast<double>(taken.slowest_bytes), unit::bytes}});
}

// The PostgreSQL-out run: until the table holds every event.
std::vector<metric> postgres_run(const telemetry_bench_options& opts,
                                 const dev_cluster& cluster,
                                 postgres_process& postgres, uint64_t events,
                                 int run, const std::string& run_dir) {
  auto table = "sensor_readings_run_" + std::to_string(run);
  double rows_ms = 0;
  auto postgres_cpu_at_start = process_tree_cpu_seconds(postgres.pid());
  auto consumed = process_topic_with_eddy(
      opts.eddy(),
      telemetry_settings(run_dir, cluster.bootstrap_servers(),
                         fresh_group_id("telemetry-postgres"), raw_topic,
                         {.kafka_topic = "",
                          .postgres_url = postgres.url(),
                          .postgres_table = table},
                         opts.extra_settings),
      run_dir + "/eddy.log", events, "", [&](uint16_t) {
        stopwatch clock;
        wait_until([&] { return rows_in(postgres, table) >= events; },
                   table + " held the " + with_commas(events) + " events",
                   rows_timeout, rows_poll);
        rows_ms = clock.elapsed_ms();
        progress("  PostgreSQL holds every event " + format(rows_ms, unit::ms) +
                 " after the last was applied");
      });
  auto total_ms = consumed.written_ms + rows_ms;
  auto rate = static_cast<double>(events - consumed.applied_at_start) /
              (total_ms / 1000);
  auto postgres_cpu =
      process_tree_cpu_seconds(postgres.pid()) - postgres_cpu_at_start;
  auto& busiest = consumed.busiest_thread;
  progress("  rows inserted at " + format(rate, unit::per_second) +
           "; PostgreSQL's cores busy " +
           format(postgres_cpu / (total_ms / 1000) * 100, unit::count) +
           "%, eddy's busiest thread (" + busiest.name + ") " +
           format(busiest.seconds / (consumed.written_ms / 1000) * 100,
                  unit::count) +
           "%");
  return {{"rows/s", rate, unit::per_second},
          {"applied/s", consumed.applied_rate(), unit::per_second},
          {"rows in after the last applied", rows_ms, unit::ms},
          {"PostgreSQL's cores busy %", postgres_cpu / (total_ms / 1000) * 100,
           unit::count},
          {"eddy's cores busy %",
           consumed.cpu_seconds / (consumed.written_ms / 1000) * 100,
           unit::count},
          {"its busiest thread (" + busiest.name + ") %",
           busiest.seconds / (consumed.written_ms / 1000) * 100, unit::count}};
}

} // namespace

std::vector<figure_result> measure_kafka(const telemetry_bench_options& opts,
                                         bool with_postgres,
                                         const std::string& dir) {
  auto events = opts.topic_records;
  auto messages = filled_events(wall_clock_ms());
  auto mean_bytes = mean_message_bytes(messages, events);
  auto partitions =
      partitions_for_mean(events, mean_bytes, min_input_partitions);
  figure_result baseline{baseline_name, events, "-", {}};
  figure_result job{
      kafka_job_name, events, ">= 0.60 × baseline", {}, baseline_name};
  figure_result checkpoint{
      "checkpoint, every id in the dedup state", events, "< 5 s", {}};
  figure_result postgres_job{"telemetry job, Kafka in, PostgreSQL out",
                             events,
                             "-",
                             {},
                             kafka_job_name};
  progress("kafka: " + with_commas(events) + " events (" +
           std::to_string(mean_bytes).substr(0, 5) +
           " bytes each with the key) in a topic of " +
           std::to_string(partitions) + " partitions");
  scratch_dir runs{dir};
  std::optional<postgres_process> postgres;
  if (with_postgres) {
    postgres.emplace(runs.fresh("postgres"));
    progress("  PostgreSQL at " + postgres->url());
  }
  dev_cluster cluster{opts.devkafka(),
                      {{raw_topic, partitions},
                       {validated_topic, output_partitions},
                       {dead_letter_topic, 1}},
                      dir + "/devkafka.log"};
  fill_topic(cluster.bootstrap_servers(), raw_topic, events, messages);
  for (int run = 1; run <= opts.repeat; ++run) {
    progress("  run " + std::to_string(run) + " of " +
             std::to_string(opts.repeat));
    baseline.runs.push_back(bare_consumer_run(cluster.bootstrap_servers(),
                                              opts.extra_settings, raw_topic,
                                              partitions, events, "JSON"));
    kafka_run(opts, cluster, events, mean_bytes,
              runs.fresh("eddy-" + std::to_string(run)), job, checkpoint);
    if (postgres)
      postgres_job.runs.push_back(
          postgres_run(opts, cluster, *postgres, events, run,
                       runs.fresh("postgres-run-" + std::to_string(run))));
  }
  std::vector<figure_result> rows{baseline, job, checkpoint};
  if (postgres)
    rows.push_back(postgres_job);
  return rows;
}

} // namespace eddy::bench
