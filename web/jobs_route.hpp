// GET /v1/jobs: the state of every job and its partitions.
#pragma once

#include "web/response.hpp"

namespace eddy {
class inventory_service;
} // namespace eddy

namespace eddy::web {

/// Answers 200 {"jobs":[...]} (see jobs_body) or the mapped service failure
/// (see service_error). Calls `done` exactly once, possibly on a thread of
/// `service`.
void get_jobs(inventory_service& service, response_handler done);

} // namespace eddy::web
