// Declares the keys of the server and the engine, which every job shares,
// once each. inventory.properties mirrors them (and the inventory's own); a
// unit test keeps them in step.
#include "config/keys.hpp"

#include <cstdint>
#include <limits>

namespace eddy {

namespace {

// clang-format off
constexpr key_spec keys[] = {
  string_key("jobs", "inventory",
    "the jobs this process runs, separated by commas (see the sections below)"),
  string_key("job", "inventory",
    "one job to run, as jobs= does (kept for older configurations; setting both to different values is an error)"),
  choice_key("log.level", "info", "debug|info|warn|error|off",
    "the least severe log lines written to stderr"),
  string_key("http.address", "127.0.0.1",
    "address the HTTP API listens on"),
  integer_key("http.port", "8080", 0, 65535,
    "TCP port of the HTTP API; 0 picks a free port"),
  integer_key("http.body.limit", "65536", 1, 16777216,
    "largest HTTP request body accepted, in bytes"),
  integer_key("http.threads", "1", 1, 64,
    "I/O threads serving HTTP"),
  integer_key("http.header.limit", "65536", 1024, 1048576,
    "largest HTTP request line plus header fields accepted, in bytes; a larger one gets a 431"),
  integer_key("http.max.connections", "4096", 1, 1000000,
    "HTTP connections open at once, WebSocket clients included; one more is closed at once (keep it below the open-file limit)"),
  string_key("http.allowed.origins", "self",
    "origins (scheme://host[:port], comma-separated) besides the server's own whose pages may post, follow /v1/live and read answers (CORS); self: only the server's own"),
  duration_key("shutdown.grace", "10s", 0, 600000,
    "on SIGTERM or SIGINT, how long the server answers the requests in flight (refusing new connections) before it stops"),
  duration_key("http.idle.timeout", "30s", 100, 3600000,
    "how long a connection may be idle, or take to send a request or read a response, before the server closes it"),
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
  duration_key("source.kafka.commit.interval.ms", "1000", 10, 3600000,
    "how often offsets of persisted records are committed to Kafka"),
  duration_key("source.ready.timeout", "60s", 100, 86400000,
    "a Kafka or MQTT source without its broker (Kafka: or without an assigned partition) this long is reported disconnected and /readyz answers 503"),
  boolean_key("cluster.enabled", "false",
    "share the work with the other Eddy processes of kafka.group.id: each announces itself (HTTP address, input partitions) on the topic <kafka.group.id>.members, and GET /v1/cluster lists them"),
  string_key("instance.name", "auto",
    "cluster: this process's name, stable across restarts and unique in the group (its Kafka static member id, group.instance.id); auto: the host name"),
  string_key("http.advertised.url", "auto",
    "cluster: where the other members reach this process's HTTP API; auto: http://<http.address>:<port> (the host name for 0.0.0.0)"),
  duration_key("cluster.announce.interval.ms", "1000", 100, 60000,
    "cluster: how often a member announces itself on the members topic"),
  duration_key("cluster.member.timeout.ms", "10000", 1000, 600000,
    "cluster: a member not heard from this long is gone (a member that stops cleanly leaves at once)"),
  duration_key("cluster.forward.timeout.ms", "2000", 100, 60000,
    "cluster: how long a request about a key another member owns waits for that member's answer (then 503)"),
  duration_key("max.future", "1h", 1000, 31536000000,
    "event time: a record more than this ahead of the wall clock goes to the dead letters, and no watermark passes the wall clock plus this"),
  string_key("dead.letter.topic", "eddy.dead.letters",
    "Kafka topic that malformed Kafka and MQTT records go to, with the reason"),
  boolean_key("sink.kafka.exactly_once", "false",
    "write Kafka results in transactions committed with each checkpoint, so read_committed consumers see each result once (needs sink.kafka.enabled)"),
  string_key("sink.kafka.transactional.id", "eddy-inventory",
    "exactly-once: prefix of the transactional ids (one per results topic, and per instance in a cluster); keep it stable across restarts and unique per deployment"),
  string_key("mqtt.server.uri", "tcp://127.0.0.1:1883",
    "the MQTT broker"),
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

key_table shared_keys() {
  return {"", keys};
}

const key_spec* find_key(const key_registry& registry, std::string_view name) {
  for (const auto& table : registry)
    for (const auto& spec : table.keys)
      if (spec.name == name)
        return &spec;
  return nullptr;
}

} // namespace eddy
