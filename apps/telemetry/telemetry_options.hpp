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
#include "runtime/source_settings.hpp"

namespace eddy::telemetry {

struct options {
  /// Kafka, MQTT and the built-in generator: which run, and how.
  source_settings sources;

  /// What the built-in generator makes, read when it runs.
  telemetry_generator_options generated_events;

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
