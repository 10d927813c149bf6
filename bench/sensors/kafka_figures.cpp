// Fills the topic once, starts ClickHouse, and alternates baseline and eddy
// runs over the topic; each eddy run is checked against ClickHouse.
#include "bench/sensors/kafka_figures.hpp"

#include "bench/common/bench_failure.hpp"
#include "bench/common/clickhouse_process.hpp"
#include "bench/common/progress.hpp"
#include "bench/common/scratch_dir.hpp"
#include "bench/common/stopwatch.hpp"
#include "bench/common/wait_until.hpp"
#include "bench/kafka/bare_consumer_run.hpp"
#include "bench/kafka/dev_cluster.hpp"
#include "bench/kafka/eddy_consumption.hpp"
#include "bench/kafka/job_counters.hpp"
#include "bench/kafka/job_settings.hpp"
#include "bench/kafka/topic_fill.hpp"
#include "bench/sensors/topic_readings.hpp"

namespace eddy::bench {

namespace {

const std::string baseline_name = "bare librdkafka consumer";

/// The job's windows (its default, the seed's).
constexpr std::chrono::minutes window{1};

/// How long the rollups may take to reach ClickHouse once every reading
/// was applied: the windows close as the closers pass, then the writer
/// inserts every 5000 rows and what is left at the next checkpoint (1 s).
constexpr std::chrono::seconds rows_timeout{120};
constexpr std::chrono::milliseconds rows_poll{100};

/// The topics as the benchmark fills them (one per run, the same
/// readings).
struct filled_topic {
  int partitions = 0;
  double mean_bytes = 0; // a message's key and payload
  uint64_t windows = 0;  // rows ClickHouse must hold after each run
};

topic_messages readings_of(const topic_readings& readings) {
  return {"readings",
          [&readings](uint64_t i, std::string& key, std::string& payload) {
            readings.make(i, key, payload);
          }};
}

filled_topic plan_topic(const topic_readings& readings) {
  filled_topic topic;
  topic.mean_bytes =
      mean_message_bytes(readings_of(readings), readings.readings());
  // The closers are appended to each run's topic too.
  topic.partitions =
      partitions_for_mean(readings.readings() + readings.closers(),
                          topic.mean_bytes, min_input_partitions);
  return topic;
}

setting_list
sensor_settings(const sensor_bench_options& opts, const std::string& bootstrap,
                const std::string& topic, const std::string& clickhouse,
                const std::string& table, const std::string& run_dir) {
  auto settings =
      cluster_run_settings(run_dir, bootstrap, fresh_group_id("sensors"));
  settings.insert(settings.end(),
                  {{"jobs", "sensors"},
                   {"sensors.input.format", "avro"},
                   {"sensors.input.topic", topic},
                   {"sensors.window.time", "event"},
                   {"sensors.window.size", "1min"},
                   // No partition goes idle while the closers are made.
                   {"sensors.window.idle.timeout", "0ms"},
                   {"sensors.clickhouse.url", clickhouse},
                   {"sensors.clickhouse.table", table},
                   {"sensors.alerts.kafka", "false"}});
  settings.insert(settings.end(), opts.extra_settings.begin(),
                  opts.extra_settings.end());
  return settings;
}

// The rows of `table`, each window once; 0 before the first insert made
// it (`last_error` says why a count failed).
uint64_t rows_in(clickhouse_process& clickhouse, const std::string& table,
                 std::string& last_error) {
  try {
    return std::stoull(
        clickhouse.query("SELECT count() FROM " + table + " FINAL"));
  } catch (const bench_failure& e) {
    last_error = e.what();
    return 0;
  }
}

// Waits until ClickHouse holds every window of the topic, while eddy (at
// `port`) still runs; throws if it holds more, or if eddy found readings
// late. Answers the rows it counted.
uint64_t await_rows(clickhouse_process& clickhouse, const std::string& table,
                    uint16_t port, uint64_t windows) {
  std::string last_error;
  uint64_t rows = 0;
  try {
    wait_until(
        [&] {
          if (auto late = read_job_counters(port, "").late; late > 0)
            throw bench_failure{"eddy found " + with_commas(late) +
                                " readings late: ClickHouse cannot hold every "
                                "window"};
          rows = rows_in(clickhouse, table, last_error);
          if (rows > windows)
            throw bench_failure{"more rows than windows"};
          return rows == windows;
        },
        table + " held the " + with_commas(windows) + " windows", rows_timeout,
        rows_poll);
  } catch (const bench_failure& e) {
    throw bench_failure{std::string{e.what()} + " (it held " +
                        with_commas(rows) + " rows" +
                        (last_error.empty() ? "" : "; " + last_error) + ")"};
  }
  return rows;
}

topic_messages closers_of(const topic_readings& readings) {
  return {"closers",
          [&readings](uint64_t d, std::string& key, std::string& payload) {
            readings.make_closer(d, key, payload);
          }};
}

// The closers come once eddy applied every reading, i.e. saw every
// partition: the engine's watermark is the least over the input
// partitions it has seen, so a closer read before some partition's first
// reading would close windows that partition still fills (its readings
// would be late).
std::vector<metric>
eddy_run(const sensor_bench_options& opts, const std::string& bootstrap,
         clickhouse_process& clickhouse, pid_t cluster,
         const std::string& topic_name, int run, const std::string& run_dir,
         const topic_readings& readings, const filled_topic& topic) {
  auto table = "benchmark.sensor_rollups_run_" + std::to_string(run);
  uint64_t rows = 0;
  double rows_ms = 0;
  auto consumed = process_topic_with_eddy(
      opts.eddy(),
      sensor_settings(opts, bootstrap, topic_name, clickhouse.url(), table,
                      run_dir),
      run_dir + "/eddy.log", readings.readings(), "",
      [&](uint16_t port) {
        stopwatch clock;
        fill_topic(bootstrap, topic_name, readings.closers(),
                   closers_of(readings), readings.readings());
        rows = await_rows(clickhouse, table, port, topic.windows);
        rows_ms = clock.elapsed_ms();
        progress("  ClickHouse holds every window: " + with_commas(rows) +
                 " rows, " + format(rows_ms, unit::ms) +
                 " after the last reading was applied");
      },
      cluster);
  auto seconds = consumed.written_ms / 1000;
  auto& busiest = consumed.busiest_thread;
  progress("  busiest eddy thread: " + busiest.name + ", " +
           format(busiest.seconds / seconds * 100, unit::count) +
           "% of a core");
  return {{"records/s", consumed.rate(), unit::per_second},
          {"key and Avro", consumed.rate() * topic.mean_bytes,
           unit::bytes_per_second},
          {"rows in ClickHouse", static_cast<double>(rows), unit::count},
          {"closers sent and all rows in after", rows_ms, unit::ms},
          {"eddy's cores busy %", consumed.cpu_seconds / seconds * 100,
           unit::count},
          {"its busiest thread (" + busiest.name + ") %",
           busiest.seconds / seconds * 100, unit::count},
          {"dev cluster's cores busy %",
           consumed.peer_cpu_seconds / seconds * 100, unit::count},
          {"start-up and group join", consumed.start_up_ms, unit::ms}};
}

} // namespace

std::vector<figure_result> measure_kafka(const sensor_bench_options& opts,
                                         const std::string& dir) {
  topic_readings readings{opts.topic_records, drawn_devices, window};
  auto topic = plan_topic(readings);
  auto count = readings.readings();
  figure_result baseline{baseline_name, count, "-", {}};
  figure_result job{"sensors job fed from Kafka into ClickHouse",
                    count,
                    ">= 1M/s",
                    {},
                    baseline_name};
  progress("kafka: " + with_commas(count) + " Avro readings per run (" +
           std::to_string(topic.mean_bytes).substr(0, 4) +
           " bytes each with the key) in a topic of " +
           std::to_string(topic.partitions) + " partitions, then " +
           with_commas(readings.closers()) + " closers");
  topic.windows = readings.windows();
  progress("  their windows: " + with_commas(topic.windows));
  scratch_dir runs{dir};
  clickhouse_process clickhouse{runs.fresh("clickhouse"), {}};
  progress("  ClickHouse at " + clickhouse.url());
  std::vector<cluster_topic> topics{{"eddy.dead.letters", 1}};
  for (int run = 1; run <= opts.repeat; ++run)
    topics.push_back(
        {sensor_topic + "-" + std::to_string(run), topic.partitions});
  dev_cluster cluster{opts.devkafka(), topics, dir + "/devkafka.log"};
  auto bootstrap = cluster.bootstrap_servers();
  for (int run = 1; run <= opts.repeat; ++run) {
    progress("  run " + std::to_string(run) + " of " +
             std::to_string(opts.repeat));
    auto topic_name = sensor_topic + "-" + std::to_string(run);
    fill_topic(bootstrap, topic_name, count, readings_of(readings));
    baseline.runs.push_back(bare_consumer_run(bootstrap, opts.extra_settings,
                                              topic_name, topic.partitions,
                                              count, "Avro"));
    job.runs.push_back(
        eddy_run(opts, bootstrap, clickhouse, cluster.pid(), topic_name, run,
                 runs.fresh("eddy-" + std::to_string(run)), readings, topic));
  }
  return {baseline, job};
}

} // namespace eddy::bench
