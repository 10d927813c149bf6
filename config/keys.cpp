// Declares every configuration key once. inventory.properties mirrors this
// table; a unit test keeps the two in step.
#include "config/keys.hpp"

#include <cstdint>
#include <limits>

namespace eddy {

namespace {

constexpr int64_t int64_max = std::numeric_limits<int64_t>::max();

// clang-format off
constexpr key_spec keys[] = {
  choice_key("job", "inventory", "inventory|mqtt_bridge",
    "the job this process runs"),

  string_key("http.address", "127.0.0.1",
    "address the HTTP API listens on"),
  integer_key("http.port", "8080", 0, 65535,
    "TCP port of the HTTP API; 0 picks a free port"),
  integer_key("http.body.limit", "65536", 1, 16777216,
    "largest HTTP request body accepted, in bytes"),
  integer_key("http.threads", "1", 1, 64,
    "I/O threads serving HTTP"),
  duration_key("http.request.timeout.ms", "2000", 1, 600000,
    "how long a request waits for a partition before it gets a 503"),
  duration_key("http.live.interval.ms", "1000", 10, 60000,
    "how often WS /v1/live clients get what changed in the job reports"),
  string_key("http.static.dir", "auto",
    "directory of the built dashboard served at /; auto: <directory of the eddy executable>/../share/eddy/static"),

  secret_key("admin.token",
    "bearer token of the admin endpoints (savepoints, fault injection); empty turns them off (403)"),
  boolean_key("admin.fault_injection", "false",
    "allow the admin endpoints that crash partitions and windows and stall sinks"),

  string_key("state.dir", "eddy-data/state",
    "directory of the RocksDB state store and its checkpoints"),
  integer_key("partitions", "4", 1, 1024,
    "partition actors, each owning a share of the key groups"),
  integer_key("key.groups", "128", 1, 32768,
    "key groups that keys hash into; at most this many partitions ever"),
  integer_key("scheduler.threads", "2", 1, 256,
    "worker threads of the actor scheduler"),
  integer_key("batch.size", "512", 1, 65536,
    "most records a source puts into one batch"),
  integer_key("batch.credit", "4", 1, 1024,
    "unacknowledged batches in flight per partition (backpressure)"),
  integer_key("ingress.buffer.records", "2097152", 1024, 1000000000,
    "records a source holds until a checkpoint persists them; past half of it a checkpoint starts early, when full the source waits"),

  boolean_key("generator.enabled", "true",
    "run the built-in transaction generator"),
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

  boolean_key("source.kafka.enabled", "false",
    "read transactions and queries from Kafka; needs kafka.bootstrap.servers and kafka.group.id (every kafka.* key goes to librdkafka unchanged)"),
  string_key("transaction.input.topic", "transaction.log.1",
    "Kafka topic of tab-delimited transactions, keyed by itemId (the seed's)"),
  string_key("query.input.topic", "query.input.log.1",
    "Kafka topic of queries such as `123 item_2` (the seed's)"),
  duration_key("source.kafka.commit.interval.ms", "1000", 10, 3600000,
    "how often offsets of persisted records are committed to Kafka"),
  boolean_key("sink.kafka.enabled", "false",
    "write transaction and query results to Kafka"),
  string_key("query.output.topic", "query.output.log.1",
    "Kafka topic of query results, keyed by queryId (the seed's)"),
  string_key("transaction.output.topic", "transaction.output.log.1",
    "Kafka topic of transaction results, keyed by itemId"),
  choice_key("sink.kafka.format", "text", "text|json",
    "record format on the output topics: the seed's tab-delimited text or JSON"),
  string_key("dead.letter.topic", "eddy.dead.letters",
    "Kafka topic that malformed Kafka and MQTT records go to, with the reason"),
  boolean_key("sink.kafka.exactly_once", "false",
    "write Kafka results in transactions committed with each checkpoint, so read_committed consumers see each result once (needs sink.kafka.enabled)"),
  string_key("sink.kafka.transactional.id", "eddy-inventory",
    "exactly-once: prefix of the transactional ids (one per results topic); keep it stable across restarts and unique per deployment"),

  boolean_key("source.mqtt.enabled", "false",
    "read transactions from an MQTT topic (QoS 1, persistent session)"),
  string_key("mqtt.server.uri", "tcp://127.0.0.1:1883",
    "the MQTT broker"),
  string_key("mqtt.client.id", "eddy",
    "MQTT client id; keep it stable so the persistent session survives restarts"),
  string_key("mqtt.topic", "eddy/transactions",
    "MQTT topic filter to subscribe to"),
  choice_key("mqtt.format", "json", "json|text",
    "payload format on MQTT: JSON transactions or tab-delimited lines"),
  string_key("mqtt_bridge.mqtt.client.id", "eddy-mqtt-bridge",
    "the MQTT bridge's client id; keep it stable so its persistent session survives restarts"),
  string_key("mqtt_bridge.mqtt.topic", "machine/states",
    "the MQTT topic filter the bridge forwards (seed 003)"),
  string_key("mqtt_bridge.kafka.topic", "machine.data",
    "the Kafka topic the bridge forwards MQTT messages to (seed 003)"),
  string_key("mqtt_bridge.key.field", "id",
    "the JSON field whose value keys each forwarded record"),

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

  choice_key("transaction.results.sink", "none", "none|stdout|file",
    "where transaction results go"),
  choice_key("query.results.sink", "stdout", "none|stdout|file",
    "where query results go"),
  choice_key("alert.sink", "stdout", "none|stdout|file",
    "where alerts (summaries that pass the alert filter) go"),
  choice_key("output.format", "text", "text|json",
    "how sinks write records: tab-delimited text or JSON lines"),
  string_key("output.dir", "eddy-data/out",
    "directory the file sinks write into"),
  integer_key("sink.batch.size", "1024", 1, 1000000,
    "most records a sink buffers before it writes them"),
  duration_key("sink.flush.ms", "200", 1, 60000,
    "longest a record waits in a sink's buffer"),
  integer_key("sink.buffer.records", "65536", 1, 100000000,
    "records a sink holds unwritten before it stops acknowledging, which backpressures the partitions"),

  choice_key("restart.strategy", "fixed-delay", "fixed-delay|exponential-backoff",
    "how crashed partitions are restarted, as Flink's restart strategies"),
  integer_key("restart.attempts", "10", 0, 1000000,
    "fixed-delay: restarts of a partition before the job is marked failed; exponential-backoff: restarts in a row"),
  duration_key("restart.delay.ms", "100", 0, 3600000,
    "fixed-delay: wait before a crashed partition is restarted; exponential-backoff: the first wait"),
  duration_key("restart.backoff.max.ms", "10000", 0, 3600000,
    "exponential-backoff: the longest wait before a restart"),
  duration_key("restart.backoff.reset.ms", "60000", 0, 86400000,
    "exponential-backoff: a partition that ran this long starts its restart count over"),

  duration_key("checkpoint.interval.ms", "1000", 10, 3600000,
    "how often partitions and windows persist their state with the positions it covers"),
  duration_key("checkpoint.timeout.ms", "60000", 100, 3600000,
    "a checkpoint not complete after this long fails"),
  string_key("savepoint.dir", "eddy-data/savepoints",
    "directory that POST /v1/jobs/{job}/savepoints writes savepoints to"),
};
// clang-format on

} // namespace

std::span<const key_spec> declared_keys() {
  return keys;
}

const key_spec* find_key(std::string_view name) {
  for (const auto& spec : keys)
    if (spec.name == name)
      return &spec;
  return nullptr;
}

} // namespace eddy
