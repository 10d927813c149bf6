// The machine data job's settings (keys `machines.*`), read once; the
// engine's are in runtime/engine_options.hpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "apps/machines/machine_generator.hpp"
#include "apps/machines/power_join.hpp"
#include "config/keys.hpp"
#include "config/settings.hpp"
#include "connectors/databases/database_sink_state.hpp"

namespace eddy::machines {

struct options {
  struct generator_settings {
    bool enabled = false;
    uint64_t rate = 1000;
    uint32_t parallelism = 1;
    machine_generator_options states;
  } generator;

  struct kafka_settings {
    bool enabled = false;
    std::string input_topic = "none";
  } kafka;

  struct mqtt_settings {
    bool enabled = true;
    std::string topic = "machine/states";
    std::string client_id = "eddy-machines";
  } mqtt;

  join_settings join;

  struct event_time_settings {
    std::chrono::milliseconds out_of_orderness{250};
    std::chrono::milliseconds idle_timeout{std::chrono::seconds{10}};
  } event_time;

  struct influxdb_settings {
    bool enabled = false;
    std::string url = "none";
    std::string database = "machinedata";
    std::string measurement = "machinedata";
    bool has_data = true;
    bool has_powers = true;
    batch_limits batch;
  } influxdb;

  struct output_settings {
    bool to_kafka = false;
    std::string data_topic = "machine.data";
    std::string power_topic = "machine.out";
    bool to_stdout = false;
    bool late_to_file = true;
  } output;
};

/// The `machines.*` keys: their defaults, ranges and help.
key_table keys();

/// Reads them; keys of parts that are off stay unread (so setting one gets
/// a warning).
options read_options(const settings& cfg);

} // namespace eddy::machines
