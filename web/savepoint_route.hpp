// POST /v1/jobs/{job}/savepoints: write a savepoint of a job (an admin
// endpoint; routes.cpp checks the token first).
#pragma once

#include <string_view>

#include "web/response.hpp"

namespace eddy {
class job_registry;
} // namespace eddy

namespace eddy::web {

/// Asks `jobs` for a savepoint of the job whose percent-encoded name is
/// `raw_job` and answers 201 {"path":"<directory written>"}, 400
/// "invalid_job_name" for a badly encoded name, 404 "unknown_job" for an
/// unknown job, or the mapped service failure (see service_error; e.g. 503
/// while no checkpoint can complete). Calls `done` exactly once, possibly on
/// a thread of a job.
void post_savepoint(std::string_view raw_job, job_registry& jobs,
                    response_handler done);

} // namespace eddy::web
