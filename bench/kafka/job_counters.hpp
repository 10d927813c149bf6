// How far the eddy program got, from its GET /v1/jobs: records its
// partitions applied, results its Kafka sink wrote, records too late for
// their window.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace eddy::bench {

struct job_counters {
  /// Whether /v1/jobs answered; the counts are 0 otherwise.
  bool answered = false;
  /// Records the job's partitions applied (recordsProcessed, summed).
  uint64_t applied = 0;
  /// Results the sink writing to the Kafka topic had written, i.e. the
  /// producer had delivered (the sink counts a batch once its flush
  /// succeeded).
  uint64_t results_written = 0;
  /// Records the job's windows found too late for their window (event
  /// time), summed.
  uint64_t late = 0;
};

/// The first job of eddy's GET /v1/jobs at 127.0.0.1:`port`; none if eddy
/// did not answer (yet) or has no job.
std::optional<nlohmann::json> first_job(uint16_t port);

/// Asks eddy at 127.0.0.1:`port` about its first job; `results_topic`
/// names the Kafka sink to count (none if empty). Throws bench_failure if
/// the job reports itself failed or a source failed, naming why.
job_counters read_job_counters(uint16_t port, const std::string& results_topic);

} // namespace eddy::bench
