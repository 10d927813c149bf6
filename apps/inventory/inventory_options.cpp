// Reads the inventory's settings.
#include "apps/inventory/inventory_options.hpp"

#include <cstdint>
#include <limits>
#include <string_view>

#include "config/auto_switch.hpp"

namespace eddy {

namespace {

constexpr int64_t int64_max = std::numeric_limits<int64_t>::max();

// clang-format off
constexpr key_spec keys[] = {
  choice_key("generator.enabled", "auto", "auto|true|false",
    "run the built-in transaction generator; auto: only when no other input (Kafka, MQTT, socket) is on"),
  integer_key("generator.rate", "1000", 0, 100000000,
    "records per second the generator produces; 0 = as fast as possible"),
  integer_key("generator.seed", "42", 0, int64_max,
    "random seed of the generator, for reproducible runs"),
  boolean_key("generate.queries", "false",
    "make every tenth generated record a query (the seed's key)"),
  integer_key("num.items", "1000", 1, 1000000000,
    "distinct item ids the generator draws from (the seed's key)"),
  boolean_key("socket.enabled", "false",
    "read queries (`123 item_2`) and tab-separated transactions from a TCP server, as the seed's socket source"),
  string_key("socket.host", "127.0.0.1",
    "host of the query socket"),
  integer_key("socket.port", "9999", 1, 65535,
    "TCP port of the query socket"),
  choice_key("source.kafka.enabled", "auto", "auto|true|false",
    "read transactions and queries from Kafka; auto: when kafka.bootstrap.servers is set and an input topic or kafka.group.id is (every kafka.* key goes to librdkafka unchanged)"),
  string_key("transaction.input.topic", "transaction.log.1",
    "Kafka topic of tab-delimited transactions, keyed by itemId (the seed's)"),
  string_key("query.input.topic", "query.input.log.1",
    "Kafka topic of queries such as `123 item_2` (the seed's)"),
  boolean_key("sink.kafka.enabled", "false",
    "write transaction and query results to Kafka"),
  string_key("query.output.topic", "query.output.log.1",
    "Kafka topic of query results, keyed by queryId (the seed's)"),
  string_key("transaction.output.topic", "transaction.output.log.1",
    "Kafka topic of transaction results, keyed by itemId"),
  choice_key("sink.kafka.format", "text", "text|json",
    "record format on the output topics: the seed's tab-delimited text or JSON"),
  boolean_key("source.mqtt.enabled", "false",
    "read transactions from an MQTT topic (QoS 1, persistent session)"),
  string_key("mqtt.client.id", "eddy",
    "MQTT client id; keep it stable so the persistent session survives restarts"),
  string_key("mqtt.topic", "eddy/transactions",
    "MQTT topic filter to subscribe to"),
  choice_key("mqtt.format", "json", "json|text",
    "payload format on MQTT: JSON transactions or tab-delimited lines"),
  duration_key("window.size.ms", "60000", 1, 86400000,
    "length of the tumbling transaction summary windows"),
  choice_key("window.time", "processing", "processing|event",
    "the clock that assigns transactions to windows"),
  duration_key("window.out_of_orderness.ms", "5000", 0, 86400000,
    "how far behind the newest event time a record may be before it is late"),
  integer_key("transaction.num.min", "100", 0, int64_max,
    "transactions a window needs before it can raise an alert (the seed's)"),
  real_key("transaction.failure.rate.min", "0.5", 0, 1,
    "failed share of a window's transactions that raises an alert (the seed's)"),
  duration_key("transaction.dedup.window", "24h", 0, 30LL * 86400000,
    "how long a transaction id from HTTP, MQTT or the socket is remembered: a repeat within it gets the first result and changes nothing; 0 = never"),
  choice_key("transaction.results.sink", "none", "none|stdout|file",
    "where transaction results go"),
  choice_key("query.results.sink", "stdout", "none|stdout|file",
    "where query results go"),
  choice_key("alert.sink", "stdout", "none|stdout|file",
    "where alerts (summaries that pass the alert filter) go"),
  choice_key("output.format", "text", "text|json",
    "how sinks write records: tab-delimited text or JSON lines"),
};
// clang-format on

} // namespace

key_table inventory_keys() {
  return {"inventory", keys};
}

inventory_options read_inventory_options(const settings& cfg) {
  inventory_options opts;
  if (cfg.get_bool("socket.enabled"))
    opts.socket =
        socket_lines::options{cfg.get_string("socket.host"),
                              static_cast<uint16_t>(cfg.get_int("socket.port")),
                              std::chrono::milliseconds{1000}};
  // With a cluster and a topic or a group of its own, the job reads Kafka
  // without a further switch.
  auto is_kafka_configured =
      cfg.origin("transaction.input.topic") != "default" ||
      cfg.origin("query.input.topic") != "default" ||
      cfg.has_kafka_property("group.id");
  opts.kafka.enabled = is_switched_on(
      cfg, "source.kafka.enabled",
      cfg.has_kafka_property("bootstrap.servers") && is_kafka_configured);
  if (opts.kafka.enabled) {
    opts.kafka.transaction_topic = cfg.get_string("transaction.input.topic");
    opts.kafka.query_topic = cfg.get_string("query.input.topic");
  }
  opts.mqtt.enabled = cfg.get_bool("source.mqtt.enabled");
  if (opts.mqtt.enabled) {
    opts.mqtt.client_id = cfg.get_string("mqtt.client.id");
    opts.mqtt.topic = cfg.get_string("mqtt.topic");
    opts.mqtt.is_json = cfg.get_string("mqtt.format") == "json";
  }
  // The generator is the input only when no other is configured.
  auto& gen = opts.generator;
  gen.enabled =
      is_switched_on(cfg, "generator.enabled",
                     !opts.socket && !opts.kafka.enabled && !opts.mqtt.enabled);
  if (gen.enabled) {
    gen.rate = static_cast<uint64_t>(cfg.get_int("generator.rate"));
    gen.seed = static_cast<uint64_t>(cfg.get_int("generator.seed"));
    gen.num_items = cfg.get_int("num.items");
    gen.with_queries = cfg.get_bool("generate.queries");
  }
  opts.window.size = cfg.get_duration("window.size.ms");
  opts.window.is_event_time = cfg.get_string("window.time") == "event";
  if (opts.window.is_event_time)
    opts.window.out_of_orderness =
        cfg.get_duration("window.out_of_orderness.ms");
  opts.dedup_window = cfg.get_duration("transaction.dedup.window");
  opts.min_transactions = cfg.get_int("transaction.num.min");
  opts.min_failure_rate = cfg.get_double("transaction.failure.rate.min");
  return opts;
}

} // namespace eddy
