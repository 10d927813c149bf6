// What every figure runs against: the seed's topics on the dev cluster,
// the eddy program's settings for Kafka in and out, and the librdkafka
// properties the benchmark's own clients share with it, so the bare
// consumer fetches exactly as eddy's Kafka source does.
#pragma once

#include <string>
#include <vector>

#include "bench/common/setting_list.hpp"
#include "bench/kafka/dev_cluster.hpp"
#include "connectors/kafka/kafka_properties.hpp"

namespace eddy::bench {

/// The job's default topic names (config/inventory.properties).
inline const std::string input_topic = "transaction.log.1";
inline const std::string results_topic = "transaction.output.log.1";

/// The transaction input topic with `input_partitions`, the results topic
/// with `results_partitions`, and the other topics the job reads or writes
/// (queries in and out, dead letters), so no client waits for a topic that
/// does not exist.
std::vector<cluster_topic> job_topics(int input_partitions,
                                      int results_partitions);

/// The latency figure's results consumer: it must not add its own fetch
/// wait to what it measures (eddy's consumers wait up to 10 ms, see
/// connectors/kafka/consumer.cpp). As a kafka.* setting, for
/// client_properties.
inline const setting_list measuring_client_settings{
    {"kafka.fetch.wait.max.ms", "1"}};

/// A group id no other run of this process uses.
std::string fresh_group_id(const std::string& figure);

/// The librdkafka properties eddy's Kafka source gets (the kafka.* keys
/// of eddy_settings without the prefix) for group `group`, the kafka.*
/// keys of `extra` included. kafka_consumer::make adds
/// enable.auto.commit=false and auto.offset.reset=earliest; fetch settings
/// are librdkafka's defaults unless `extra` sets them.
kafka_properties client_properties(const std::string& bootstrap,
                                   const std::string& group,
                                   const setting_list& extra);

/// What every eddy run against the dev cluster has: state and outputs
/// under `dir`, the cluster at `bootstrap`, consumer group `group` with the
/// dev cluster's rebalance timing. Only keys every job shares.
setting_list cluster_run_settings(const std::string& dir,
                                  const std::string& bootstrap,
                                  const std::string& group);

/// The eddy program reading transactions from `input_topic` and writing
/// its transaction results (text) to `results_topic` on the cluster at
/// `bootstrap` as group `group`: state and outputs under `dir`, the
/// generator off, no other outputs (query results, alerts), every other
/// key at its default (4 partitions, 1 s checkpoints, one-minute summary
/// windows, sink batches of 1024 or 200 ms); `extra` (--set) last, so it
/// wins.
setting_list eddy_settings(const std::string& dir, const std::string& bootstrap,
                           const std::string& group, const setting_list& extra);

} // namespace eddy::bench
