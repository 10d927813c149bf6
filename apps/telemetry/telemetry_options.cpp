// Reads the telemetry job's settings.
#include "apps/telemetry/telemetry_options.hpp"

#include "config/auto_switch.hpp"
#include "messages/error.hpp"

namespace eddy::telemetry {

namespace {

// clang-format off
constexpr key_spec table[] = {
  choice_key("telemetry.source.kafka.enabled", "auto", "auto|true|false",
    "read events from Kafka; auto: when kafka.bootstrap.servers is set"),
  string_key("telemetry.input.topic", "raw_telemetry",
    "Kafka topic of raw events (the seed's)"),
  boolean_key("telemetry.source.mqtt.enabled", "false",
    "read events from MQTT topic telemetry.mqtt.topic on mqtt.server.uri"),
  string_key("telemetry.mqtt.topic", "telemetry/+/+/+",
    "MQTT topic filter of events, telemetry/{site}/{asset}/{TYPE} (QoS 1, persistent session)"),
  string_key("telemetry.mqtt.client.id", "eddy-telemetry",
    "MQTT client id; keep it stable, it names the broker's persistent session"),
  choice_key("telemetry.generator.enabled", "auto", "auto|true|false",
    "make events with the built-in generator; auto: when neither Kafka nor MQTT is read"),
  integer_key("telemetry.generator.rate", "1000", 0, 100000000,
    "events per second the generator makes; 0 = as fast as possible"),
  integer_key("telemetry.generator.parallelism", "1", 1, 64,
    "generators sharing the events and the rate, each on a thread of its own"),
  integer_key("telemetry.generator.sensors", "1000", 1, 1000000000,
    "distinct sensors the generator's events come from"),
  integer_key("telemetry.generator.seed", "42", 0, 9223372036854775807LL,
    "random seed of the generator, for reproducible runs"),
  real_key("telemetry.generator.duplicates", "0.02", 0, 1,
    "share of generated events that repeat their sensor's previous event"),
  real_key("telemetry.generator.out_of_range", "0.01", 0, 1,
    "share of generated events with a value outside their type's range"),
  string_key("telemetry.ranges", seed_ranges,
    "valid value range per sensor type, TYPE=min..max,...: a value outside is flagged OUT_OF_RANGE, a type not listed UNKNOWN_TYPE"),
  duration_key("telemetry.max.age", "24h", 1, 3650LL * 86400000,
    "an event older than this by the wall clock is a dead letter (stale)"),
  duration_key("telemetry.max.future", "1h", 0, 3650LL * 86400000,
    "an event more than this ahead of the wall clock is a dead letter (future)"),
  choice_key("telemetry.dedup.mode", "event_id", "event_id|near_value",
    "event_id: drop an event whose event_id its sensor sent within the window; near_value: the seed's rule, within the window and changed by less than the tolerance"),
  duration_key("telemetry.dedup.window", "60s", 1, 30LL * 86400000,
    "how long (event time) an event is remembered for deduplication; the seen ids expire after it"),
  real_key("telemetry.dedup.tolerance", "0.01", 0, 1e9,
    "near_value: the largest relative change of a duplicate (0.01 = 1%)"),
  duration_key("telemetry.out_of_orderness", "5s", 0, 86400000,
    "event time: how far behind the newest timestamp an event may be (the seed's bounded out-of-orderness)"),
  duration_key("telemetry.idle.timeout", "10s", 0, 86400000,
    "event time: an input (a Kafka partition) quiet this long holds the watermark back no more; 0 = it always does"),
  choice_key("telemetry.output.kafka", "auto", "auto|true|false",
    "write validated events to telemetry.output.topic, keyed by site_id:asset_id:sensor_id; auto: when kafka.bootstrap.servers is set"),
  string_key("telemetry.output.topic", "validated_telemetry",
    "Kafka topic of validated events"),
  choice_key("telemetry.sink.stdout", "auto", "auto|true|false",
    "write validated events to stdout as JSON lines; auto: when they go nowhere else"),
  string_key("telemetry.postgres.url", "none",
    "PostgreSQL the events are inserted into, a libpq URL such as postgresql://user@127.0.0.1:5432/db; none: no PostgreSQL"),
  string_key("telemetry.postgres.table", "sensor_readings",
    "the events' table, created if missing; event_id is unique, so a replay never doubles a row"),
  integer_key("telemetry.postgres.batch.rows", "5000", 1, 10000000,
    "rows per insert; what is left is inserted at every checkpoint"),
  duration_key("telemetry.postgres.batch.max.delay", "5s", 1, 86400000,
    "a row waits at most this long for its batch (checked as rows arrive; every checkpoint inserts what waits)"),
  string_key("telemetry.questdb.url", "none",
    "QuestDB's (or InfluxDB's) HTTP endpoint taking line protocol on /write, e.g. http://127.0.0.1:9000; none: no QuestDB"),
  string_key("telemetry.questdb.database", "none",
    "the db parameter of /write, for InfluxDB; none: QuestDB, which has none"),
  string_key("telemetry.questdb.table", "sensor_readings",
    "the measurement (QuestDB's table) of the lines"),
  integer_key("telemetry.questdb.batch.rows", "5000", 1, 10000000,
    "lines per request; what is left is written at every checkpoint"),
  duration_key("telemetry.questdb.batch.max.delay", "5s", 1, 86400000,
    "a line waits at most this long for its batch (checked as lines arrive; every checkpoint writes what waits)"),
};
// clang-format on

void read_sources(const settings& cfg, options& opts) {
  opts.sources = read_source_settings(cfg, "telemetry");
  if (!opts.sources.generator.enabled)
    return;
  auto& events = opts.generated_events;
  events.sensors = cfg.get_int("telemetry.generator.sensors");
  events.seed = static_cast<uint64_t>(cfg.get_int("telemetry.generator.seed"));
  events.duplicate_share = cfg.get_double("telemetry.generator.duplicates");
  events.out_of_range_share =
      cfg.get_double("telemetry.generator.out_of_range");
}

caf::error read_rules(const settings& cfg, options& opts) {
  auto ranges = parse_ranges(cfg.get_string("telemetry.ranges"));
  if (!ranges)
    return make_error(ec::invalid_config,
                      "telemetry.ranges: " + context_of(ranges.error()));
  opts.rules.ranges = std::move(*ranges);
  opts.rules.max_age = cfg.get_duration("telemetry.max.age");
  opts.rules.max_future = cfg.get_duration("telemetry.max.future");
  opts.dedup.mode = cfg.get_string("telemetry.dedup.mode") == "near_value"
                        ? dedup_mode::near_value
                        : dedup_mode::event_id;
  opts.dedup.window = cfg.get_duration("telemetry.dedup.window");
  opts.dedup.tolerance = cfg.get_double("telemetry.dedup.tolerance");
  opts.event_time.out_of_orderness =
      cfg.get_duration("telemetry.out_of_orderness");
  opts.event_time.idle_timeout = cfg.get_duration("telemetry.idle.timeout");
  return {};
}

// Reads telemetry.<name>.url and, when it is not "none", the sink's table
// and batch limits.
void read_database(const settings& cfg, const std::string& name,
                   options::database_settings& db) {
  auto prefix = "telemetry." + name + ".";
  db.url = cfg.get_string(prefix + "url");
  db.enabled = db.url != "none";
  if (!db.enabled)
    return;
  db.table = cfg.get_string(prefix + "table");
  db.batch.batch_rows = static_cast<size_t>(cfg.get_int(prefix + "batch.rows"));
  db.batch.max_delay = cfg.get_duration(prefix + "batch.max.delay");
}

void read_outputs(const settings& cfg, options& opts) {
  read_database(cfg, "postgres", opts.postgres);
  read_database(cfg, "questdb", opts.questdb);
  if (opts.questdb.enabled)
    opts.questdb.database = cfg.get_string("telemetry.questdb.database");
  auto& out = opts.output;
  out.to_kafka = is_switched_on(cfg, "telemetry.output.kafka",
                                cfg.has_kafka_property("bootstrap.servers"));
  if (out.to_kafka)
    out.topic = cfg.get_string("telemetry.output.topic");
  out.to_stdout = is_switched_on(cfg, "telemetry.sink.stdout",
                                 !out.to_kafka && !opts.postgres.enabled &&
                                     !opts.questdb.enabled);
}

} // namespace

key_table keys() {
  return {"telemetry", table};
}

caf::expected<options> read_options(const settings& cfg) {
  options opts;
  read_sources(cfg, opts);
  if (auto err = read_rules(cfg, opts))
    return err;
  read_outputs(cfg, opts);
  return opts;
}

} // namespace eddy::telemetry
