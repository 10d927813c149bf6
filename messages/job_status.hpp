// What a job reports about itself on /v1/jobs: its state and, per partition,
// how much it processed and how often it was restarted.
#pragma once

#include <cstdint>
#include <string>
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

struct job_status {
  std::string name;
  std::string state; // "running", "restarting" or "failed"
  std::vector<partition_status> partitions;
  std::vector<source_status> sources;
  std::vector<sink_status> sinks;
};

} // namespace eddy
