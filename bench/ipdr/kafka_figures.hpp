// The Kafka figures: the eddy program running the IPDR job over a topic of
// IPDRs on the dev Kafka cluster, against a bare librdkafka consumer
// reading the same topic.
#pragma once

#include <string>
#include <vector>

#include "bench/common/results_table.hpp"
#include "bench/ipdr/ipdr_bench_options.hpp"
#include "bench/ipdr/ipdr_table.hpp"

namespace eddy::bench {

/// The IPDR job's input topic.
inline const std::string ipdr_topic = "ipdr_input";

/// Starts the dev cluster, fills ipdr_topic once with opts.topic_records
/// of the table's records (cycled, keyed by cmMacAddr; as many partitions
/// as the dev cluster's 5 MiB per partition needs, at least 4), then per
/// run, alternating:
///  - "bare librdkafka consumer" (the baseline): reads the whole topic;
///  - "IPDR job fed from Kafka": the eddy program with jobs=ipdr, a fresh
///    state and consumer group, no outputs, until its partitions applied
///    every "data" record of the topic.
/// Both rates count every message (the job's filter drops four in five)
/// from the first record to the last. State and logs go under `dir`.
std::vector<figure_result> measure_kafka(const ipdr_bench_options& opts,
                                         const ipdr_table& table,
                                         const std::string& dir);

} // namespace eddy::bench
