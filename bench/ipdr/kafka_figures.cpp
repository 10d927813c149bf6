// Fills the topic once and alternates baseline and eddy runs over it.
#include "bench/ipdr/kafka_figures.hpp"

#include <cmath>

#include "bench/common/progress.hpp"
#include "bench/common/scratch_dir.hpp"
#include "bench/kafka/bare_consumer_run.hpp"
#include "bench/kafka/dev_cluster.hpp"
#include "bench/kafka/eddy_consumption.hpp"
#include "bench/kafka/job_settings.hpp"
#include "bench/kafka/topic_fill.hpp"

namespace eddy::bench {

namespace {

const std::string baseline_name = "bare librdkafka consumer";

/// What a message takes in a large batch besides its key and payload: the
/// record's length, attributes, timestamp and offset deltas, the key's and
/// value's lengths and the header count, all varints.
constexpr double record_framing_bytes = 12;

/// The topic as the benchmark filled it.
struct filled_topic {
  int partitions = 0;
  uint64_t records = 0;
  /// The "data" records among them: what the job's partitions apply.
  uint64_t data_records = 0;
  double mean_bytes = 0; // a message's key and payload
};

topic_messages table_messages(const ipdr_table& table) {
  return {"IPDRs",
          [&table](uint64_t i, std::string& key, std::string& payload) {
            key = table.mac_of(i);
            payload = table.at(i);
          }};
}

setting_list ipdr_settings(const ipdr_bench_options& opts,
                           const std::string& bootstrap,
                           const std::string& run_dir) {
  auto settings =
      cluster_run_settings(run_dir, bootstrap, fresh_group_id("ipdr"));
  settings.insert(settings.end(), {{"jobs", "ipdr"},
                                   {"ipdr.input.topic", ipdr_topic},
                                   {"ipdr.sink.files", "false"},
                                   {"ipdr.sink.kafka", "false"}});
  settings.insert(settings.end(), opts.extra_settings.begin(),
                  opts.extra_settings.end());
  return settings;
}

// The job counts the records its partitions applied, i.e. the "data" ones;
// every message of the topic passed its source, so its rate in messages is
// that of the data records times messages per data record.
std::vector<metric> eddy_run(const ipdr_bench_options& opts,
                             const std::string& bootstrap,
                             const std::string& run_dir,
                             const filled_topic& topic) {
  auto run = process_topic_with_eddy(
      opts.eddy(), ipdr_settings(opts, bootstrap, run_dir),
      run_dir + "/eddy.log", topic.data_records, "");
  auto messages_per_data_record = static_cast<double>(topic.records) /
                                  static_cast<double>(topic.data_records);
  auto rate = run.rate() * messages_per_data_record;
  return {{"records/s", rate, unit::per_second},
          {"key and JSON", rate * topic.mean_bytes, unit::bytes_per_second},
          {"data records applied/s", run.rate(), unit::per_second},
          {"eddy's cores busy %", run.cpu_seconds / run.written_ms * 1e5,
           unit::count},
          {"start-up and group join", run.start_up_ms, unit::ms}};
}

filled_topic plan_topic(const ipdr_bench_options& opts,
                        const ipdr_table& table) {
  filled_topic topic;
  topic.records = opts.topic_records;
  topic.data_records = table.data_records_in(topic.records);
  topic.mean_bytes = table.mean_bytes() + table.mean_mac_bytes();
  topic.partitions = partitions_for(
      topic.records,
      static_cast<uint64_t>(std::ceil(topic.mean_bytes + record_framing_bytes)),
      min_input_partitions);
  return topic;
}

} // namespace

std::vector<figure_result> measure_kafka(const ipdr_bench_options& opts,
                                         const ipdr_table& table,
                                         const std::string& dir) {
  auto topic = plan_topic(opts, table);
  figure_result baseline{baseline_name, topic.records, "-", {}};
  figure_result job{"IPDR job fed from Kafka",
                    topic.records,
                    ">= 0.80 × baseline",
                    {},
                    baseline_name};
  progress("kafka: " + with_commas(topic.records) + " IPDRs (" +
           with_commas(topic.data_records) + " data) in " + ipdr_topic + " (" +
           std::to_string(topic.partitions) + " partitions)");
  dev_cluster cluster{
      opts.devkafka(),
      {{ipdr_topic, topic.partitions}, {"eddy.dead.letters", 1}},
      dir + "/devkafka.log"};
  fill_topic(cluster.bootstrap_servers(), ipdr_topic, topic.records,
             table_messages(table));
  scratch_dir runs{dir};
  for (int run = 0; run < opts.repeat; ++run) {
    progress("  run " + std::to_string(run + 1) + " of " +
             std::to_string(opts.repeat));
    baseline.runs.push_back(
        bare_consumer_run(cluster.bootstrap_servers(), opts.extra_settings,
                          ipdr_topic, topic.partitions, topic.records, "JSON"));
    job.runs.push_back(eddy_run(opts, cluster.bootstrap_servers(),
                                runs.fresh("eddy-" + std::to_string(run + 1)),
                                topic));
  }
  return {baseline, job};
}

} // namespace eddy::bench
