// GET /v1/jobs: the state of every job and its partitions.
#pragma once

#include "web/response.hpp"

namespace eddy {
class job_registry;
} // namespace eddy

namespace eddy::web {

/// Answers 200 {"jobs":[...]} (see jobs_body) or the mapped failure (see
/// service_error). Calls `done` exactly once, possibly on a thread of a
/// job.
void get_jobs(job_registry& jobs, response_handler done);

/// Answers 200 {"status":"ready"} when every job runs with all its
/// partitions running and no source disconnected or failed, else 503 with
/// Retry-After and {"error":"not_ready","detail",...,"job",
/// "partition"|"source","state","reason"} naming the first job and
/// partition or source that is not, and why. For load balancers and the
/// compose healthcheck.
void get_readiness(job_registry& jobs, response_handler done);

} // namespace eddy::web
