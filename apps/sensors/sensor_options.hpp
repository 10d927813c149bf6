// The IoT sensor rollup's settings (keys `sensors.*`), read once; the
// engine's are in runtime/engine_options.hpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "apps/sensors/sensor_rollup.hpp"
#include "config/keys.hpp"
#include "config/settings.hpp"
#include "connectors/databases/database_sink_state.hpp"
#include "runtime/source_settings.hpp"

namespace eddy::sensors {

/// How readings are encoded on Kafka and MQTT (sensors.input.format).
enum class input_format { json, avro };

struct options {
  input_format format = input_format::json;

  /// Kafka, MQTT and the built-in generator: which run, and how.
  source_settings sources;

  /// What the built-in generator makes, read when it runs.
  struct generated_readings {
    uint64_t seed = 42;
    int64_t sensors = 1000;
  } generated;

  struct window_settings {
    std::chrono::milliseconds size{std::chrono::minutes{1}};
    bool is_event_time = false;
    std::chrono::milliseconds out_of_orderness{std::chrono::seconds{5}};
    std::chrono::milliseconds idle_timeout{std::chrono::seconds{10}};
  } window;

  thresholds alert_limits;

  struct clickhouse_settings {
    bool enabled = false;
    std::string url = "none";
    std::string user = "default";
    std::string password;
    std::string table = "benchmark.sensor_rollups";
    batch_limits batch;
  } clickhouse;

  struct output_settings {
    bool rollups_to_stdout = false;
    bool alerts_to_stdout = false;
    bool alerts_to_file = true;
    bool alerts_to_kafka = false;
    std::string alerts_topic = "sensor-alerts";
  } output;
};

/// The job's keys.
key_table keys();

/// Reads the `sensors.*` keys; keys of parts that are off stay unread (so
/// setting one gets a warning).
options read_options(const settings& cfg);

} // namespace eddy::sensors
