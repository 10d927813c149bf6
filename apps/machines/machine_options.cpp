// Reads the machine data job's settings.
#include "apps/machines/machine_options.hpp"

#include "config/auto_switch.hpp"

namespace eddy::machines {

namespace {

// clang-format off
constexpr key_spec table[] = {
  string_key("machines.input.topic", "none",
    "Kafka topic of machine states to read instead of MQTT; none: MQTT (or the generator) is the input"),
  choice_key("machines.source.mqtt.enabled", "auto", "auto|true|false",
    "read machine states from machines.mqtt.topic on mqtt.server.uri; auto: when neither Kafka nor the generator is the input"),
  string_key("machines.mqtt.topic", "machine/states",
    "MQTT topic filter of machine states, the seed simulator's (QoS 1, persistent session)"),
  string_key("machines.mqtt.client.id", "eddy-machines",
    "MQTT client id; keep it stable, it names the broker's persistent session"),
  boolean_key("machines.generator.enabled", "false",
    "make machine states with the built-in generator (for trying the job without a broker)"),
  integer_key("machines.generator.rate", "1000", 0, 100000000,
    "states per second the generator makes (the seed's simulator: 1000); 0 = as fast as possible"),
  integer_key("machines.generator.parallelism", "1", 1, 64,
    "generators sharing the states and the rate, each on a thread of its own"),
  integer_key("machines.generator.machines", "4", 1, 1000000,
    "distinct machines (Thing) the generator's states come from"),
  integer_key("machines.generator.channels", "4", 1, 81,
    "channels per machine (C11, C12, ...), each with a torque and a speed"),
  integer_key("machines.generator.seed", "42", 0, 9223372036854775807LL,
    "random seed of the generator, for reproducible runs"),
  duration_key("machines.join.bound", "1s", 0, 86400000,
    "a torque joins the speed of its machine and channel nearest in time within this (ties: the earlier)"),
  real_key("machines.power.cap", "20000", 0, 1e300,
    "the largest power emitted (the seed's cap): |2pi/60 * torque * speed| above it is emitted as it"),
  duration_key("machines.out_of_orderness", "250ms", 0, 86400000,
    "event time: how far behind the newest Timestamp a state may be; a torque's power is emitted once the watermark passes its time plus the bound"),
  duration_key("machines.idle.timeout", "10s", 0, 86400000,
    "event time: an input (a Kafka partition) quiet this long holds the watermark back no more; 0 = it always does"),
  choice_key("machines.output.kafka", "auto", "auto|true|false",
    "write the split quantities to machines.data.topic and the powers to machines.output.topic; auto: when kafka.bootstrap.servers is set"),
  string_key("machines.data.topic", "machine.data",
    "Kafka topic of the split quantities, keyed <thing>.<quantity> (the seed's stream connector)"),
  string_key("machines.output.topic", "machine.out",
    "Kafka topic of the powers, keyed <thing>.vaPower_<channel>"),
  choice_key("machines.sink.stdout", "auto", "auto|true|false",
    "write the powers to stdout as JSON lines; auto: when they go to neither Kafka nor InfluxDB"),
  boolean_key("machines.late.file", "true",
    "append late torques and speeds as JSON lines to <output.dir>/machines-late.jsonl"),
  string_key("machines.influxdb.url", "none",
    "InfluxDB 1.x HTTP endpoint the quantities and powers are written to in line protocol, e.g. http://127.0.0.1:8086; none: no InfluxDB"),
  string_key("machines.influxdb.db", "machinedata",
    "the InfluxDB database, created if missing"),
  string_key("machines.influxdb.measurement", "machinedata",
    "the measurement of the points (tags thing and quantity, field result)"),
  boolean_key("machines.influxdb.data", "true",
    "write the split quantities to InfluxDB"),
  boolean_key("machines.influxdb.power", "true",
    "write the powers to InfluxDB"),
  integer_key("machines.influxdb.batch.rows", "5000", 1, 10000000,
    "points per request; what is left is written at every checkpoint"),
  duration_key("machines.influxdb.batch.max.delay", "1s", 1, 86400000,
    "a point waits at most this long for its batch (checked as points arrive; every checkpoint writes what waits)"),
};
// clang-format on

void read_sources(const settings& cfg, options& opts) {
  auto& gen = opts.generator;
  gen.enabled = cfg.get_bool("machines.generator.enabled");
  if (gen.enabled) {
    gen.rate = static_cast<uint64_t>(cfg.get_int("machines.generator.rate"));
    gen.parallelism =
        static_cast<uint32_t>(cfg.get_int("machines.generator.parallelism"));
    gen.states.machines = cfg.get_int("machines.generator.machines");
    gen.states.channels = cfg.get_int("machines.generator.channels");
    gen.states.seed =
        static_cast<uint64_t>(cfg.get_int("machines.generator.seed"));
  }
  opts.kafka.input_topic = cfg.get_string("machines.input.topic");
  opts.kafka.enabled = opts.kafka.input_topic != "none";
  opts.mqtt.enabled = is_switched_on(cfg, "machines.source.mqtt.enabled",
                                     !opts.kafka.enabled && !gen.enabled);
  if (opts.mqtt.enabled) {
    opts.mqtt.topic = cfg.get_string("machines.mqtt.topic");
    opts.mqtt.client_id = cfg.get_string("machines.mqtt.client.id");
  }
}

void read_join(const settings& cfg, options& opts) {
  opts.join.bound = cfg.get_duration("machines.join.bound");
  opts.join.power_cap = cfg.get_double("machines.power.cap");
  opts.event_time.out_of_orderness =
      cfg.get_duration("machines.out_of_orderness");
  opts.event_time.idle_timeout = cfg.get_duration("machines.idle.timeout");
}

void read_influxdb(const settings& cfg, options::influxdb_settings& db) {
  db.url = cfg.get_string("machines.influxdb.url");
  db.enabled = db.url != "none";
  if (!db.enabled)
    return;
  db.database = cfg.get_string("machines.influxdb.db");
  db.measurement = cfg.get_string("machines.influxdb.measurement");
  db.has_data = cfg.get_bool("machines.influxdb.data");
  db.has_powers = cfg.get_bool("machines.influxdb.power");
  db.batch.batch_rows =
      static_cast<size_t>(cfg.get_int("machines.influxdb.batch.rows"));
  db.batch.max_delay = cfg.get_duration("machines.influxdb.batch.max.delay");
}

void read_outputs(const settings& cfg, options& opts) {
  read_influxdb(cfg, opts.influxdb);
  auto& out = opts.output;
  out.to_kafka = is_switched_on(cfg, "machines.output.kafka",
                                cfg.has_kafka_property("bootstrap.servers"));
  if (out.to_kafka) {
    out.data_topic = cfg.get_string("machines.data.topic");
    out.power_topic = cfg.get_string("machines.output.topic");
  }
  out.to_stdout = is_switched_on(
      cfg, "machines.sink.stdout",
      !out.to_kafka && !(opts.influxdb.enabled && opts.influxdb.has_powers));
  out.late_to_file = cfg.get_bool("machines.late.file");
}

} // namespace

key_table keys() {
  return {"machines", table};
}

options read_options(const settings& cfg) {
  options opts;
  read_sources(cfg, opts);
  read_join(cfg, opts);
  read_outputs(cfg, opts);
  return opts;
}

} // namespace eddy::machines
