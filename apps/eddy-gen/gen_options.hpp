// eddy-gen's command line: which job's records, how many, how fast, and
// where to.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "caf/expected.hpp"

#include "apps/eddy-gen/record_target.hpp"
#include "apps/machines/machine_generator.hpp"
#include "apps/telemetry/telemetry_generator.hpp"

namespace eddy::gen {

/// Whose records eddy-gen writes.
enum class generated_job {
  /// The inventory's transactions (and queries), seed 002.
  inventory,
  /// IPDR records, seed 000.
  ipdr,
  /// IoT sensor readings, seed 001.
  sensors,
  /// Telemetry events as the seed's MQTT publisher sends them, seed 004.
  telemetry,
  /// Machine states as seed 003's simulator publishes them.
  machines,
};

/// How the sensor readings are written: the seed producer's JSON, or one
/// raw Avro record of SensorData.avsc each.
enum class sensor_format { json, avro };

/// What eddy-gen was asked to do; every default is the one --help names.
struct gen_options {
  generated_job job = generated_job::inventory;
  uint64_t rate = 1000; // records per second, 0 = unlimited
  int64_t count = -1;   // records to write, -1 = forever
  uint64_t seed = 42;
  // The inventory only.
  int64_t num_items = 1000;
  double queries = 0; // share of queries among the records
  record_format format = record_format::text;
  // IPDR only.
  int64_t macs = 50000;
  int64_t mac_offset = 0;
  // Sensors (and --sensors for telemetry, whose default is 1000).
  sensor_format sensor_payload = sensor_format::json;
  int64_t sensors = 100000;
  int64_t sensor_offset = 0;
  // Telemetry only: the shares, by default the job's generator's.
  double duplicates = telemetry::telemetry_generator_options{}.duplicate_share;
  double out_of_range =
      telemetry::telemetry_generator_options{}.out_of_range_share;
  // Machines only: the generator's machines and channels, or a file of
  // states replayed line by line instead (empty: generate).
  int64_t machines = machines::machine_generator_options{}.machines;
  int64_t channels = machines::machine_generator_options{}.channels;
  std::string file;
  // Targets: the first one set is used, else stdout.
  std::string kafka;
  std::string topic; // empty: the job's default topic
  std::string query_topic = "query.input.log.1";
  std::string mqtt;
  std::string mqtt_topic = "eddy/transactions"; // machine/states: machines
  std::string http;
  uint16_t socket_port = 0; // 0: no socket
  /// Whether --help was given: print `usage` and do nothing else.
  bool wants_help = false;

  /// The topic records go to: --topic, else transaction.log.1,
  /// ipdr_input, iot-sensor-data, raw_telemetry or machine.states by job.
  std::string record_topic() const;
};

/// The text --help prints.
extern const std::string_view usage;

/// Reads the arguments after the program name (`--flag value` pairs, or
/// --help). Fails with ec::invalid_config naming the flag: an unknown flag,
/// a missing or bad value, or a flag that does not apply to the --job
/// given (e.g. --queries with --job ipdr), or --format avro without a
/// target that takes binary records (--kafka or --mqtt), or --mqtt-topic
/// with --job telemetry (each event has its own topic), or generator flags
/// (--machines, --channels, --seed) with --file.
[[nodiscard]] caf::expected<gen_options>
parse_gen_options(const std::vector<std::string_view>& args);

} // namespace eddy::gen
