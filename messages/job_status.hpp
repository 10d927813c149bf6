// What a job reports about itself on /v1/jobs: its state, its graph and, per
// actor, how much it processed, how loaded it is and how often it was
// restarted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace eddy {

/// Where a job, a partition or a partition's windows are.
enum class run_state : uint8_t {
  running,
  /// Running, but replaying what it had not persisted before it died: it
  /// does not serve reads yet.
  recovering,
  /// Down, waiting for its restart.
  restarting,
  /// Given up on after too many restarts (or, for a job, not started).
  failed,
};

/// Where a source is: a connector that polls runs or failed; one that holds
/// a connection (MQTT, socket) says how that is.
enum class source_state : uint8_t {
  running,
  failed,
  connecting,
  connected,
  reconnecting,
  stopped,
  /// Kafka or MQTT: without its broker (or, Kafka, without an assigned
  /// partition) for longer than source.ready.timeout; the job is not ready.
  disconnected,
};

/// Whether a sink writes, or retries a write that failed.
enum class sink_health : uint8_t { ok, retrying };

/// A checkpoint the coordinator takes, or a savepoint a person asked for.
enum class checkpoint_kind : uint8_t { checkpoint, savepoint };

enum class checkpoint_outcome : uint8_t { completed, failed };

/// How an actor spent the last second (see activity_of).
enum class actor_activity : uint8_t { idle, busy, backpressured };

// The names the HTTP API and the metrics use for them.

constexpr std::string_view to_string(run_state x) {
  constexpr std::string_view names[] = {"running", "recovering", "restarting",
                                        "failed"};
  return names[static_cast<size_t>(x)];
}

constexpr std::string_view to_string(source_state x) {
  constexpr std::string_view names[] = {
      "running",      "failed",  "connecting",  "connected",
      "reconnecting", "stopped", "disconnected"};
  return names[static_cast<size_t>(x)];
}

constexpr std::string_view to_string(sink_health x) {
  return x == sink_health::ok ? "ok" : "retrying";
}

constexpr std::string_view to_string(checkpoint_kind x) {
  return x == checkpoint_kind::checkpoint ? "checkpoint" : "savepoint";
}

constexpr std::string_view to_string(checkpoint_outcome x) {
  return x == checkpoint_outcome::completed ? "completed" : "failed";
}

constexpr std::string_view to_string(actor_activity x) {
  constexpr std::string_view names[] = {"idle", "busy", "backpressured"};
  return names[static_cast<size_t>(x)];
}

/// What every actor reports besides its own fields: its records, mailbox
/// and load.
struct actor_report {
  uint64_t records_in = 0;
  uint64_t records_out = 0;
  uint64_t mailbox = 0; // messages waiting when the actor last looked
  /// Running totals, which the rate sampler turns into the percentages.
  uint64_t busy_ns = 0;
  uint64_t backpressured_ns = 0;
  /// Of the last second: time spent handling messages, and waiting on the
  /// downstream (acknowledgements held back, or writes failing).
  double busy_percent = 0;
  double backpressured_percent = 0;
  actor_activity activity = actor_activity::idle; // see activity_of
};

/// Backpressured if the actor waited on its downstream at least half of the
/// last second, else busy if it worked at least half of it, else idle.
constexpr actor_activity activity_of(double busy_percent,
                                     double backpressured_percent) {
  if (backpressured_percent >= 50)
    return actor_activity::backpressured;
  if (busy_percent >= 50)
    return actor_activity::busy;
  return actor_activity::idle;
}

struct partition_status {
  int32_t id = 0;
  run_state state = run_state::running;
  uint64_t records_processed = 0;
  uint32_t restarts = 0;
  std::string last_restart_reason; // empty if never restarted
  actor_report load;
};

/// A partition's windows: they live and restart with the partition.
struct window_status {
  int32_t id = 0;
  run_state state = run_state::running; // its partition's
  uint64_t late_records = 0;
  /// Event or processing time up to which windows are closed (ms since the
  /// epoch); empty before the first record.
  std::optional<int64_t> watermark_ms;
  actor_report load;
};

/// How far a consumer is behind the end of one topic partition.
struct partition_lag {
  std::string topic;
  int32_t partition = 0;
  int64_t lag = 0; // messages
};

/// An input partition a source reads (Kafka: one its group assigned it).
struct topic_partition {
  std::string topic;
  int32_t partition = 0;
};

/// One input of a job: what it read and what it could not parse.
struct source_status {
  std::string name; // e.g. "kafka", "mqtt", "socket", "generator"
  source_state state = source_state::running;
  uint64_t records = 0;
  uint64_t malformed = 0;         // sent to the dead letters
  std::vector<partition_lag> lag; // Kafka only
  actor_report load;              // of the ingress that routes its records
  /// Why it is disconnected or failed (e.g. "all brokers down: ..."); empty
  /// otherwise.
  std::string reason;
  /// Kafka only: the partitions assigned now, lag known or not.
  std::vector<topic_partition> assigned;
  /// Kafka in a cluster: how many partitions each input topic has; a key
  /// belongs to the one it hashes to (kafka_partition_of). 0 otherwise.
  int32_t key_partitions = 0;
};

/// A source's state and, unless it runs or is connected, why.
struct source_health {
  source_state state = source_state::running;
  std::string reason;
};

/// Whether a source keeps its job from being ready: /readyz answers 503
/// while one is disconnected or failed.
constexpr bool blocks_readiness(source_state state) {
  return state == source_state::disconnected || state == source_state::failed;
}

/// One output of a job: what it wrote and whether writing fails now.
struct sink_status {
  std::string name; // e.g. "kafka query.output.log.1", "stdout"
  sink_health state = sink_health::ok;
  uint64_t written = 0;
  uint64_t failures = 0; // failed writes, each retried
  std::string last_error;
  actor_report load;
};

/// A source partition and an offset in it.
struct source_offset {
  std::string source;
  int32_t partition = 0;
  int64_t offset = -1;
};

/// One checkpoint or savepoint: what it covers and what it cost.
struct checkpoint_status {
  int64_t id = 0;
  checkpoint_kind kind = checkpoint_kind::checkpoint;
  checkpoint_outcome outcome = checkpoint_outcome::completed;
  std::string reason;     // why it failed; empty if completed
  int64_t started_ms = 0; // wall clock, milliseconds since the epoch
  double duration_ms = 0;
  uint64_t bytes = 0;                   // state written by this checkpoint
  std::vector<source_offset> positions; // every record up to these is covered
  std::string path;                     // savepoints: the directory written
};

/// How fast one actor's records went over the last second and the last ten
/// (taken in for partitions, windows and sources, written for sinks), and
/// how much of the last second it worked and waited on its downstream.
struct actor_rate {
  std::string actor; // as actor_name gives it
  double per_second_1s = 0;
  double per_second_10s = 0;
  double busy_percent = 0;
  double backpressured_percent = 0;
};

/// A job's operators and how records flow between them, as Flink's job
/// graph: one node per operator, with as many actors as its parallelism.
struct graph_node {
  std::string id;   // "source/kafka", "partitions", "windows", "sink/<name>"
  std::string kind; // "source", "partition", "window" or "sink"
  uint32_t parallelism = 1;
  /// The stateless steps chained into it (they run on its thread), in
  /// order, e.g. a source's "filter data" and "map hour".
  std::vector<std::string> steps{};
};

struct graph_edge {
  std::string from;
  std::string to;
  /// "by key" (each record to the partition owning its key), "one to one"
  /// (actor i to actor i) or "merge" (every actor to the one).
  std::string shipping;
};

struct job_graph {
  std::vector<graph_node> nodes;
  std::vector<graph_edge> edges;
};

/// A picture a job draws of its own numbers on its dashboard panel (e.g.
/// usage per hour of day, the top modems by usage): the job supplies the
/// numbers, the dashboard draws them.
struct job_figure {
  enum class kind : uint8_t {
    /// One bar per point, in the points' order (e.g. hours "0".."23").
    bars,
    /// One row per point, largest first (e.g. modems by usage).
    ranking,
    /// One row per point in the points' order, drawn as a ranking is (e.g.
    /// the latest alerts, newest first).
    list,
    /// One line per point over time: each report's value of a label is
    /// that line's newest (e.g. events per second by outcome); the
    /// dashboard keeps the history.
    series,
  };
  std::string id;    // unique within the job, e.g. "usage_by_hour"
  std::string title; // e.g. "Usage per hour of day"
  std::string unit;  // of the values, e.g. "bytes"; may be empty
  enum kind kind = kind::bars;
  /// (label, value): e.g. ("0", 123.0) for hour 0, or (a MAC, its usage).
  std::vector<std::pair<std::string, double>> points;
};

using figure_kind = enum job_figure::kind;

constexpr std::string_view to_string(figure_kind x) {
  switch (x) {
  case figure_kind::bars:
    return "bars";
  case figure_kind::ranking:
    return "ranking";
  case figure_kind::list:
    return "list";
  case figure_kind::series:
    return "series";
  }
  return "bars";
}

struct job_status {
  std::string name;
  run_state state = run_state::running;
  std::string failure;  // why the job failed; empty unless state is "failed"
  std::string delivery; // output guarantee: "at-least-once" or "exactly-once"
  job_graph graph;
  std::vector<partition_status> partitions;
  std::vector<window_status> windows;
  std::vector<source_status> sources;
  std::vector<sink_status> sinks;
  std::vector<checkpoint_status> checkpoints; // the latest first, at most 10
  std::vector<actor_rate> rates;              // per actor, when measured
  std::vector<job_figure> figures;            // the job's own, if it has any
};

/// The name an actor goes by in rates and metrics: "partition/0",
/// "window/0", "source/kafka", "sink/<name>".
inline std::string actor_name(const partition_status& p) {
  return "partition/" + std::to_string(p.id);
}
inline std::string actor_name(const window_status& w) {
  return "window/" + std::to_string(w.id);
}
inline std::string actor_name(const source_status& s) {
  return "source/" + s.name;
}
inline std::string actor_name(const sink_status& s) {
  return "sink/" + s.name;
}

/// One actor's running totals, which only grow: what rates are made of.
struct actor_totals_sample {
  std::string actor;
  uint64_t records = 0; // as actor_rate counts them
  uint64_t busy_ns = 0;
  uint64_t backpressured_ns = 0;
};

/// Calls `visit(name, records, load)` for every actor of `job`, with the
/// records its rate counts.
template <class Job, class Visit>
void for_each_actor(Job& job, Visit visit) {
  for (auto& p : job.partitions)
    visit(actor_name(p), p.records_processed, p.load);
  for (auto& w : job.windows)
    visit(actor_name(w), w.load.records_in, w.load);
  for (auto& s : job.sources)
    visit(actor_name(s), s.records, s.load);
  for (auto& s : job.sinks)
    visit(actor_name(s), s.written, s.load);
}

/// Every actor's running totals.
inline std::vector<actor_totals_sample> actor_totals(const job_status& job) {
  std::vector<actor_totals_sample> totals;
  for_each_actor(
      job, [&](std::string name, uint64_t records, const actor_report& load) {
        totals.push_back(
            {std::move(name), records, load.busy_ns, load.backpressured_ns});
      });
  return totals;
}

} // namespace eddy
