// Runs eddy under paced load and times each transaction to its result.
#include "bench/kafka/end_to_end_latency.hpp"

#include "actors/wall_clock.hpp"
#include "bench/common/progress.hpp"
#include "bench/common/scratch_dir.hpp"
#include "bench/kafka/dev_cluster.hpp"
#include "bench/kafka/job_settings.hpp"
#include "bench/kafka/paced_latency.hpp"
#include "connectors/transaction_generator.hpp"
#include "messages/tab_codec.hpp"

namespace eddy::bench {

namespace {

/// Another seed than the throughput topic's: any will do.
constexpr uint64_t load_seed = 7;

// The seed's transactions (tab-delimited, keyed by item), event time the
// wall clock as each is sent, transactionId the message's number.
topic_messages load_transactions() {
  return {"transactions",
          [make = transaction_generator{load_seed, distinct_items}](
              uint64_t i, std::string& key, std::string& payload) mutable {
            auto tx = make(static_cast<int64_t>(i), wall_clock_ms());
            key = tx.item_id;
            format(tx, payload);
          }};
}

caf::expected<int64_t> transaction_id_of(std::string_view result) {
  auto parsed = parse_transaction_result(result);
  if (!parsed)
    return parsed.error();
  return parsed->transaction.transaction_id;
}

std::vector<metric> latency_run(const bench_options& opts,
                                const std::string& run_dir,
                                const setting_list& eddy_extra) {
  dev_cluster cluster{opts.devkafka(),
                      job_topics(latency_partitions, latency_partitions),
                      run_dir + "/devkafka.log"};
  auto& bootstrap = cluster.bootstrap_servers();
  return measure_paced_latency(
      opts.eddy(),
      eddy_settings(run_dir, bootstrap, fresh_group_id("latency"), eddy_extra),
      run_dir + "/eddy.log", bootstrap,
      {.input_topic = input_topic,
       .results_topic = results_topic,
       .messages = load_transactions(),
       .id_of = transaction_id_of,
       .rate = opts.latency_rate,
       .warmup = opts.warmup(),
       .window = opts.window()});
}

std::string rate_name(int64_t rate) {
  if (rate % 1000 == 0)
    return std::to_string(rate / 1000) + "k tx/s";
  return with_commas(static_cast<uint64_t>(rate)) + " tx/s";
}

} // namespace

std::vector<figure_result> measure_latency(const bench_options& opts,
                                           const std::string& dir) {
  auto measured =
      static_cast<uint64_t>(opts.latency_rate * opts.window().count() / 1000);
  auto name = "end-to-end latency at " + rate_name(opts.latency_rate);
  figure_result row{name, measured, "p99 <= 50 ms", {}};
  progress("latency: eddy from Kafka to Kafka at " +
           rate_name(opts.latency_rate));
  scratch_dir runs{dir};
  for (int run = 1; run <= opts.repeat; ++run) {
    progress("  run " + std::to_string(run) + " of " +
             std::to_string(opts.repeat));
    row.runs.push_back(latency_run(
        opts, runs.fresh("run-" + std::to_string(run)), opts.extra_settings));
  }
  return {row};
}

} // namespace eddy::bench
