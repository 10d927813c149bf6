// GET /metrics: the job reports for Prometheus.
#pragma once

#include "web/response.hpp"

namespace eddy {
class job_registry;
} // namespace eddy

namespace eddy::web {

/// Answers 200 with metrics_text of the jobs, or the mapped
/// failure (see service_error). Calls `done` exactly once, possibly
/// on a thread of a job.
void get_metrics(job_registry& jobs, response_handler done);

} // namespace eddy::web
