// Reads the IoT sensor rollup's settings.
#include "apps/sensors/sensor_options.hpp"

#include "config/auto_switch.hpp"

namespace eddy::sensors {

namespace {

// clang-format off
constexpr key_spec table[] = {
  choice_key("sensors.input.format", "json", "json|avro",
    "how readings are encoded on Kafka and MQTT: JSON (the seed's or ClickHouse's field names) or raw Avro binary of apps/sensors/SensorData.avsc"),
  choice_key("sensors.source.kafka.enabled", "auto", "auto|true|false",
    "read readings from Kafka; auto: when kafka.bootstrap.servers is set"),
  string_key("sensors.input.topic", "iot-sensor-data",
    "Kafka topic of readings (the seed's Pulsar topic)"),
  boolean_key("sensors.source.mqtt.enabled", "false",
    "read readings from MQTT topic sensors.mqtt.topic on mqtt.server.uri"),
  string_key("sensors.mqtt.topic", "iot/sensors",
    "MQTT topic filter of readings (QoS 1, persistent session)"),
  string_key("sensors.mqtt.client.id", "eddy-sensors",
    "MQTT client id; keep it stable, it names the broker's persistent session"),
  choice_key("sensors.generator.enabled", "auto", "auto|true|false",
    "make readings with the built-in generator; auto: when neither Kafka nor MQTT is read"),
  integer_key("sensors.generator.rate", "1000", 0, 100000000,
    "readings per second the generator makes; 0 = as fast as possible"),
  integer_key("sensors.generator.parallelism", "1", 1, 64,
    "generators sharing the readings and the rate, each making and decoding its share on a thread of its own"),
  integer_key("sensors.generator.sensors", "1000", 1, 1000000000,
    "distinct sensors (sensorId) the generator draws from"),
  integer_key("sensors.generator.seed", "42", 0, 9223372036854775807,
    "random seed of the generator, for reproducible runs"),
  duration_key("sensors.window.size", "1min", 1, 30LL * 86400000,
    "length of the tumbling per-device windows (the seed's 1 minute)"),
  choice_key("sensors.window.time", "processing", "processing|event",
    "the clock that assigns readings to windows: the wall clock (as the seed) or the readings' timestamp"),
  duration_key("sensors.window.out_of_orderness", "5s", 0, 86400000,
    "event time: how far behind the newest timestamp a reading may be before it is late"),
  duration_key("sensors.window.idle.timeout", "10s", 0, 86400000,
    "event time: an input (a Kafka partition) quiet this long holds no window back; 0 = it always does"),
  real_key("sensors.alert.temperature.above", "35", -1e9, 1e9,
    "a window whose max temperature is above this is an alert (the seed's HIGH_TEMP)"),
  real_key("sensors.alert.humidity.above", "80", -1e9, 1e9,
    "a window whose max humidity is above this is an alert (the seed's HIGH_HUMIDITY)"),
  real_key("sensors.alert.battery.below", "20", -1e9, 1e9,
    "a window whose min battery level is below this is an alert (the seed's LOW_BATTERY)"),
  string_key("sensors.clickhouse.url", "none",
    "ClickHouse's HTTP interface the rollups are inserted into, e.g. http://127.0.0.1:8123; none: no ClickHouse"),
  string_key("sensors.clickhouse.user", "default",
    "ClickHouse user"),
  secret_key("sensors.clickhouse.password",
    "ClickHouse password; empty: none"),
  string_key("sensors.clickhouse.table", "benchmark.sensor_rollups",
    "the rollups' table, created if missing (a ReplacingMergeTree: SELECT ... FINAL counts each window once)"),
  integer_key("sensors.clickhouse.batch.rows", "5000", 1, 10000000,
    "rows per INSERT; what is left is inserted at every checkpoint"),
  duration_key("sensors.clickhouse.batch.max.delay", "5s", 1, 86400000,
    "a row waits at most this long for its batch (checked as rows arrive; every checkpoint inserts what waits)"),
  choice_key("sensors.sink.stdout", "auto", "auto|true|false",
    "write the rollups to stdout as JSON rows; auto: when they go to no ClickHouse"),
  boolean_key("sensors.alerts.stdout", "false",
    "write alerts to stdout as JSON lines"),
  boolean_key("sensors.alerts.file", "true",
    "append alerts as JSON lines to <output.dir>/sensors-alerts.jsonl"),
  choice_key("sensors.alerts.kafka", "auto", "auto|true|false",
    "write alerts to sensors.alerts.topic, keyed by device; auto: when kafka.bootstrap.servers is set"),
  string_key("sensors.alerts.topic", "sensor-alerts",
    "Kafka topic of alerts"),
};
// clang-format on

void read_sources(const settings& cfg, options& opts) {
  opts.format = cfg.get_string("sensors.input.format") == "avro"
                    ? input_format::avro
                    : input_format::json;
  opts.sources = read_source_settings(cfg, "sensors");
  if (opts.sources.generator.enabled) {
    opts.generated.sensors = cfg.get_int("sensors.generator.sensors");
    opts.generated.seed =
        static_cast<uint64_t>(cfg.get_int("sensors.generator.seed"));
  }
}

void read_window(const settings& cfg, options& opts) {
  opts.window.size = cfg.get_duration("sensors.window.size");
  opts.window.is_event_time = cfg.get_string("sensors.window.time") == "event";
  if (opts.window.is_event_time) {
    opts.window.out_of_orderness =
        cfg.get_duration("sensors.window.out_of_orderness");
    opts.window.idle_timeout = cfg.get_duration("sensors.window.idle.timeout");
  }
  auto& limits = opts.alert_limits;
  limits.temperature_above = cfg.get_double("sensors.alert.temperature.above");
  limits.humidity_above = cfg.get_double("sensors.alert.humidity.above");
  limits.battery_below = cfg.get_double("sensors.alert.battery.below");
}

void read_outputs(const settings& cfg, options& opts) {
  auto& ch = opts.clickhouse;
  ch.url = cfg.get_string("sensors.clickhouse.url");
  ch.enabled = ch.url != "none";
  if (ch.enabled) {
    ch.user = cfg.get_string("sensors.clickhouse.user");
    ch.password = cfg.get_string("sensors.clickhouse.password");
    ch.table = cfg.get_string("sensors.clickhouse.table");
    ch.batch.batch_rows =
        static_cast<size_t>(cfg.get_int("sensors.clickhouse.batch.rows"));
    ch.batch.max_delay = cfg.get_duration("sensors.clickhouse.batch.max.delay");
  }
  auto& out = opts.output;
  out.rollups_to_stdout =
      is_switched_on(cfg, "sensors.sink.stdout", !ch.enabled);
  out.alerts_to_stdout = cfg.get_bool("sensors.alerts.stdout");
  out.alerts_to_file = cfg.get_bool("sensors.alerts.file");
  out.alerts_to_kafka = is_switched_on(
      cfg, "sensors.alerts.kafka", cfg.has_kafka_property("bootstrap.servers"));
  if (out.alerts_to_kafka)
    out.alerts_topic = cfg.get_string("sensors.alerts.topic");
}

} // namespace

key_table keys() {
  return {"sensors", table};
}

options read_options(const settings& cfg) {
  options opts;
  read_sources(cfg, opts);
  read_window(cfg, opts);
  read_outputs(cfg, opts);
  return opts;
}

} // namespace eddy::sensors
