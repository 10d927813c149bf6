// GET /v1/jobs/{job}: the state of one job.
#pragma once

#include <string_view>

#include "web/response.hpp"

namespace eddy {
class job_registry;
} // namespace eddy

namespace eddy::web {

/// Answers 200 with the report of the job whose percent-encoded name is
/// `raw_job` (see job_body), 404 "unknown_job" naming the known jobs if
/// there is none of that name, 400 "invalid_job_name" if the name is badly
/// encoded, or the mapped failure (see service_error). Calls `done`
/// exactly once, possibly on a thread of a job.
void get_job(std::string_view raw_job, job_registry& jobs,
             response_handler done);

} // namespace eddy::web
