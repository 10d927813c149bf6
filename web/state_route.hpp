// GET /v1/jobs/{job}/state/{key}: the live keyed state of one key of a job
// (Kafka Streams' interactive queries, Flink's queryable state).
#pragma once

#include <string_view>

#include "web/response.hpp"

namespace eddy {
class job_registry;
} // namespace eddy

namespace eddy::web {

/// Answers 200 with the state of the key whose percent-encoded form is
/// `raw_key` in the job `raw_job` (its JSON as the job renders it), 400
/// "invalid_job_name" or "invalid_key" for a badly encoded name or key, 404
/// "unknown_job" or "unknown_key", 503 with Retry-After while the key's
/// partition restarts or does not answer in time. Answers on the calling
/// thread.
response get_state(std::string_view raw_job, std::string_view raw_key,
                   job_registry& jobs);

} // namespace eddy::web
