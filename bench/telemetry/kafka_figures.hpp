// The Kafka figures: the eddy program running the telemetry job over a
// topic of events on the dev Kafka cluster, validated events to Kafka (and
// then into PostgreSQL), against a bare librdkafka consumer reading the
// same topic; and a checkpoint with every event's id in the dedup state.
#pragma once

#include <string>
#include <vector>

#include "bench/common/results_table.hpp"
#include "bench/telemetry/telemetry_bench_options.hpp"

namespace eddy::bench {

/// Starts the dev cluster and fills raw_telemetry once with
/// opts.topic_records distinct events (filled_events; as many partitions as
/// the dev cluster's 5 MiB per partition needs, at least 4); with
/// `with_postgres`, starts a PostgreSQL 15 server of its own. Then per run
/// (alternating, so load from elsewhere hits all alike):
///  - "bare librdkafka consumer" (the baseline) reads the events;
///  - "telemetry job, Kafka in and out": the eddy program (fresh state and
///    consumer group) until its partitions applied every event and its sink
///    wrote them all to validated_telemetry;
///  - "checkpoint, N ids in dedup state": then the first checkpoint that
///    started after that, from /v1/jobs;
///  - with `with_postgres`, "telemetry job, Kafka in, PostgreSQL out": the
///    same with the events inserted into a table of its own instead, until
///    the table holds them all; against the Kafka-out run.
/// Rates count from the first event applied (start-up and the group join
/// left out). State and logs go under `dir`.
std::vector<figure_result> measure_kafka(const telemetry_bench_options& opts,
                                         bool with_postgres,
                                         const std::string& dir);

} // namespace eddy::bench
