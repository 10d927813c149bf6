// What a job reports about itself on /v1/jobs: its state and, per partition,
// how much it processed and how often it was restarted.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace eddy {

struct partition_status {
  int32_t id = 0;
  std::string state; // "running", "restarting" or "failed"
  uint64_t records_processed = 0;
  uint32_t restarts = 0;
  std::string last_restart_reason; // empty if never restarted
};

/// One input of a job: what it read and what it could not parse.
struct source_status {
  std::string name;  // e.g. "kafka", "mqtt", "socket", "generator"
  std::string state; // "running", "connected", "reconnecting", "stopped"
  uint64_t records = 0;
  uint64_t malformed = 0; // sent to the dead letters
};

/// One output of a job: what it wrote and whether writing fails now.
struct sink_status {
  std::string name;  // e.g. "kafka query.output.log.1", "stdout"
  std::string state; // "ok" or "retrying"
  uint64_t written = 0;
  uint64_t failures = 0; // failed writes, each retried
  std::string last_error;
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
  std::string kind;       // "checkpoint" or "savepoint"
  std::string outcome;    // "completed" or "failed"
  std::string reason;     // why it failed; empty if completed
  int64_t started_ms = 0; // wall clock, milliseconds since the epoch
  double duration_ms = 0;
  uint64_t bytes = 0;                   // state written by this checkpoint
  std::vector<source_offset> positions; // every record up to these is covered
  std::string path;                     // savepoints: the directory written
};

/// How fast one actor's records went over the last second and the last ten:
/// taken in for partitions and sources, written for sinks.
struct actor_rate {
  std::string actor; // as actor_name gives it
  double per_second_1s = 0;
  double per_second_10s = 0;
};

struct job_status {
  std::string name;
  std::string state;    // "running", "restarting" or "failed"
  std::string failure;  // why the job failed; empty unless state is "failed"
  std::string delivery; // output guarantee: "at-least-once" or "exactly-once"
  std::vector<partition_status> partitions;
  std::vector<source_status> sources;
  std::vector<sink_status> sinks;
  std::vector<checkpoint_status> checkpoints; // the latest first, at most 10
  std::vector<actor_rate> rates;              // per actor, when measured
};

/// The name an actor goes by in rates and metrics: "partition/0",
/// "source/kafka", "sink/<name>".
inline std::string actor_name(const partition_status& p) {
  return "partition/" + std::to_string(p.id);
}
inline std::string actor_name(const source_status& s) {
  return "source/" + s.name;
}
inline std::string actor_name(const sink_status& s) {
  return "sink/" + s.name;
}

/// Every actor's running total of records (see actor_rate), by name.
inline std::vector<std::pair<std::string, uint64_t>>
actor_totals(const job_status& job) {
  std::vector<std::pair<std::string, uint64_t>> totals;
  for (auto& p : job.partitions)
    totals.emplace_back(actor_name(p), p.records_processed);
  for (auto& s : job.sources)
    totals.emplace_back(actor_name(s), s.records);
  for (auto& s : job.sinks)
    totals.emplace_back(actor_name(s), s.written);
  return totals;
}

} // namespace eddy
