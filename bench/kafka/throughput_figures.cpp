// Fills the topic once and alternates baseline and eddy runs over it.
#include "bench/kafka/throughput_figures.hpp"

#include "actors/wall_clock.hpp"
#include "bench/common/progress.hpp"
#include "bench/common/scratch_dir.hpp"
#include "bench/kafka/bare_consumer.hpp"
#include "bench/kafka/dev_cluster.hpp"
#include "bench/kafka/eddy_consumption.hpp"
#include "bench/kafka/job_settings.hpp"
#include "bench/kafka/topic_fill.hpp"
#include "connectors/transaction_generator.hpp"
#include "messages/tab_codec.hpp"

namespace eddy::bench {

namespace {

const std::string baseline_name = "bare librdkafka consumer";

/// The results topic: as the seed's tests create it.
constexpr int results_partitions = 4;

/// The seed's transactions, tab-delimited and keyed by item, as the job
/// reads them: ids from 0, event time the wall clock, items from the
/// seed's Pareto distribution over distinct_items.
topic_messages seed_transactions() {
  return {"transactions",
          [generate = transaction_generator{42, distinct_items}](
              uint64_t i, std::string& key, std::string& payload) {
            auto tx = generate(static_cast<offset_t>(i), wall_clock_ms());
            key = tx.item_id;
            format(tx, payload);
          }};
}

std::vector<metric> baseline_run(const bench_options& opts,
                                 const std::string& bootstrap, int partitions,
                                 uint64_t records) {
  auto read = read_with_bare_consumer(
      client_properties(bootstrap, fresh_group_id("bare"), opts.extra_settings),
      input_topic, partitions, records);
  progress("  bare consumer: " + with_commas(read.records) + " records at " +
           format(read.rate(), unit::per_second) + " (first after " +
           format(read.first_record_ms, unit::ms) + ")");
  return {{"records/s", read.rate(), unit::per_second},
          {"first record after", read.first_record_ms, unit::ms},
          {"input partitions", static_cast<double>(partitions), unit::count}};
}

std::vector<metric> eddy_run(const bench_options& opts,
                             const std::string& bootstrap,
                             const std::string& run_dir, uint64_t records) {
  auto settings = eddy_settings(run_dir, bootstrap, fresh_group_id("eddy"),
                                opts.extra_settings);
  auto run = process_topic_with_eddy(
      opts.eddy(), settings, run_dir + "/eddy.log", records, results_topic);
  return {{"records/s", run.rate(), unit::per_second},
          {"applied", run.applied_rate(), unit::per_second},
          {"start-up and group join", run.start_up_ms, unit::ms}};
}

} // namespace

std::vector<figure_result> measure_throughput(const bench_options& opts,
                                              const std::string& dir) {
  auto records = opts.throughput_records();
  auto partitions = input_partitions_for(records);
  figure_result baseline{baseline_name, records, "-", {}};
  figure_result job{"inventory job fed from Kafka",
                    records,
                    ">= 0.80 × baseline",
                    {},
                    baseline_name};
  progress("throughput: " + with_commas(records) + " transactions over " +
           with_commas(distinct_items) + " items in " + input_topic + " (" +
           std::to_string(partitions) + " partitions)");
  dev_cluster cluster{opts.devkafka(),
                      job_topics(partitions, results_partitions),
                      dir + "/devkafka.log"};
  fill_topic(cluster.bootstrap_servers(), input_topic, records,
             seed_transactions());
  scratch_dir runs{dir};
  for (int run = 0; run < opts.repeat; ++run) {
    progress("  run " + std::to_string(run + 1) + " of " +
             std::to_string(opts.repeat));
    baseline.runs.push_back(
        baseline_run(opts, cluster.bootstrap_servers(), partitions, records));
    job.runs.push_back(eddy_run(opts, cluster.bootstrap_servers(),
                                runs.fresh("eddy-" + std::to_string(run + 1)),
                                records));
  }
  return {baseline, job};
}

} // namespace eddy::bench
