// The telemetry job's settings (keys `telemetry.*`), read once; the
// engine's are in runtime/engine_options.hpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "caf/expected.hpp"

#include "apps/telemetry/telemetry_dedup.hpp"
#include "apps/telemetry/telemetry_generator.hpp"
#include "apps/telemetry/telemetry_rules.hpp"
#include "config/keys.hpp"
#include "config/settings.hpp"
#include "connectors/databases/database_sink_state.hpp"

namespace eddy::telemetry {

struct options {
  struct generator_settings {
    bool enabled = true;
    uint64_t rate = 1000;
    uint32_t parallelism = 1;
    telemetry_generator_options events;
  } generator;

  struct kafka_settings {
    bool enabled = false;
    std::string input_topic = "raw_telemetry";
  } kafka;

  struct mqtt_settings {
    bool enabled = false;
    std::string topic = "telemetry/+/+/+";
    std::string client_id = "eddy-telemetry";
  } mqtt;

  validation_rules rules;
  dedup_settings dedup;

  struct event_time_settings {
    std::chrono::milliseconds out_of_orderness{std::chrono::seconds{5}};
    std::chrono::milliseconds idle_timeout{std::chrono::seconds{10}};
  } event_time;

  /// A database sink: where (none: no sink), what and how it batches.
  struct database_settings {
    bool enabled = false;
    std::string url = "none";
    std::string table = "sensor_readings";
    batch_limits batch;
  };

  database_settings postgres;

  struct questdb_settings : database_settings {
    /// The `db` parameter of /write (InfluxDB's; QuestDB has none).
    std::string database = "none";
  } questdb;

  struct output_settings {
    bool to_kafka = false;
    std::string topic = "validated_telemetry";
    bool to_stdout = false;
  } output;
};

/// The `telemetry.*` keys: their defaults, ranges and help.
key_table keys();

/// Reads them; fails naming the key whose value cannot be used (ranges).
[[nodiscard]] caf::expected<options> read_options(const settings& cfg);

} // namespace eddy::telemetry
