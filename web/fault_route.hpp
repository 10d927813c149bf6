// POST /v1/jobs/{job}/partitions/{p}/crash, /windows/{p}/crash and
// /sinks/{i}/stall?ms=N: inject a fault into a running job (an admin
// endpoint; routes.cpp checks the token and admin.fault_injection first).
#pragma once

#include <chrono>
#include <string_view>
#include <vector>

#include "runtime/job_registry.hpp"
#include "web/response.hpp"

namespace eddy::web {

/// How long a sink stalls when the request has no `ms` parameter.
inline constexpr std::chrono::milliseconds default_stall{5000};

/// The longest stall a request may ask for.
inline constexpr std::chrono::milliseconds max_stall{600000};

/// Asks `jobs` to inject a fault of kind `what` into the job whose
/// percent-encoded name is `raw_job`, aimed at the partition, window or sink
/// numbered `raw_target`; for stall_sink `raw_ms` holds the values of the
/// query parameter `ms` (none: default_stall). Answers 202 {"done":"<what
/// the job did>"}, 400 "invalid_parameter" naming the parameter when
/// the number is not an integer in [0, 2^31 - 1] or ms not in [1, max_stall],
/// 400 "invalid_job_name", 404 "unknown_target" when the jobs know no
/// such job or target, or the mapped failure (see service_error).
/// Calls `done` exactly once, possibly on a thread of a job.
void post_fault(fault_request::kind what, std::string_view raw_job,
                std::string_view raw_target,
                const std::vector<std::string_view>& raw_ms, job_registry& jobs,
                response_handler done);

} // namespace eddy::web
