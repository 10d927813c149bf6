// Maps eddy::ec failures of the jobs to HTTP responses.
#include "web/service_error.hpp"

#include <string>

#include "caf/atom.hpp"

#include "messages/error.hpp"
#include "web/json_error.hpp"

namespace eddy::web {

namespace {

response retry_later(std::string_view code, std::string detail) {
  auto result = json_error(503, code, detail);
  result.headers.emplace_back("Retry-After", std::string{retry_after_seconds});
  return result;
}

} // namespace

response service_error(const caf::error& err, std::string_view subject,
                       std::string_view unknown_code) {
  auto what = std::string{subject};
  if (err.category() != caf::atom("eddy"))
    return json_error(500, "internal_error",
                      what + " failed: " + describe(err));
  switch (static_cast<ec>(err.code())) {
  case ec::unknown_key:
    return json_error(404, unknown_code, what + " is unknown");
  case ec::unknown_job:
    return json_error(404, "unknown_job", detail_of(err));
  case ec::unavailable:
    return retry_later("unavailable", "the job cannot answer for " + what +
                                          " right now (" + detail_of(err) +
                                          ")");
  case ec::storage_unavailable:
    return retry_later("unavailable", "the job cannot persist " + what +
                                          " right now (" + detail_of(err) +
                                          ")");
  case ec::timeout:
    return retry_later("timeout", "the job did not answer for " + what +
                                      " in time (" + detail_of(err) + ")");
  case ec::malformed_record:
    return json_error(400, "invalid_request",
                      what + " was refused: " + detail_of(err));
  default:
    return json_error(500, "internal_error",
                      what + " failed: " + describe(err));
  }
}

} // namespace eddy::web
