// The job reports as Prometheus metrics, in the text exposition format
// (version 0.0.4), for GET /metrics. Names are stable: dashboards and alerts
// are built on them.
#pragma once

#include <string>
#include <vector>

#include "messages/job_status.hpp"

namespace eddy::web {

/// The media type of metrics_text's output.
inline constexpr const char* metrics_content_type =
    "text/plain; version=0.0.4; charset=utf-8";

/// Every metric of `jobs`, each family with its HELP and TYPE lines.
/// Actors are labelled `partition/<id>`, `source/<name>` and
/// `sink/<name>`:
/// - counters (only grow while the process runs): eddy_records_in_total
///   (partitions and sources), eddy_records_out_total (sinks),
///   eddy_malformed_records_total (sources), eddy_write_failures_total
///   (sinks), eddy_restarts_total (partitions);
/// - gauges: eddy_job_running and eddy_actor_state{state=...} (1 for the
///   current state, 0 for the others), and for the latest completed
///   checkpoint eddy_checkpoint_id, eddy_checkpoint_duration_seconds and
///   eddy_checkpoint_bytes.
std::string metrics_text(const std::vector<job_status>& jobs);

} // namespace eddy::web
