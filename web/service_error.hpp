// How a failure of a job shows up over HTTP: which status, which error
// code, and when to retry.
#pragma once

#include <string_view>

#include "caf/error.hpp"

#include "web/response.hpp"

namespace eddy::web {

/// What a 503 answer tells clients in Retry-After: seconds to wait before
/// retrying. A partition restores or a timeout passes within about that.
inline constexpr std::string_view retry_after_seconds = "1";

/// Turns a failure of a job into its answer: 404 `unknown_code` for
/// ec::unknown_key, 404 "unknown_job" for ec::unknown_job, 503 "unavailable" or
/// "timeout" with Retry-After for ec::unavailable and ec::timeout, 400
/// "invalid_request" for ec::malformed_record and 500 "internal_error" for
/// anything else. `subject` names what was asked for in the detail, e.g. "item
/// 'item_2'"; `unknown_code` says what kind of thing is unknown, e.g.
/// "unknown_job".
response service_error(const caf::error& err, std::string_view subject,
                       std::string_view unknown_code = "unknown_item");

} // namespace eddy::web
