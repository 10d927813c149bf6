// The Kafka figures: the eddy program running the sensors job over a topic
// of Avro readings on the dev Kafka cluster, its rollups inserted into a
// real ClickHouse, against a bare librdkafka consumer reading the same
// topic.
#pragma once

#include <string>
#include <vector>

#include "bench/common/results_table.hpp"
#include "bench/sensors/sensor_bench_options.hpp"

namespace eddy::bench {

/// The sensors job's input topic (the seed's); each run has its own,
/// named sensor_topic-<run>.
inline const std::string sensor_topic = "iot-sensor-data";

/// Starts the dev cluster and a ClickHouse server of its own (free ports,
/// data under `dir`); per run, fills a topic of its own with the same
/// opts.topic_records Avro readings over drawn_devices sensors
/// (topic_readings; as many partitions as the dev cluster's 5 MiB per
/// partition needs, at least 4), then:
///  - "bare librdkafka consumer" (the baseline) reads the readings;
///  - "sensors job fed from Kafka into ClickHouse": the eddy program with
///    jobs=sensors, Avro, 1-minute event-time windows, a fresh state,
///    consumer group and ClickHouse table, until its partitions applied
///    every reading; then the closers are appended to the topic, and the
///    run waits until `SELECT count() FROM <table> FINAL` equals the
///    windows of the readings. A run fails if the count does not get
///    there, passes it, or any reading was late.
/// Both rates count the readings from the first one read to the last.
/// State and logs go under `dir`.
std::vector<figure_result> measure_kafka(const sensor_bench_options& opts,
                                         const std::string& dir);

} // namespace eddy::bench
