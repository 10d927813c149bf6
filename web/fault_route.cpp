// Answers the fault injection endpoints by passing a fault_request to the
// jobs.
#include "web/fault_route.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include "messages/error.hpp"
#include "messages/quoted_excerpt.hpp"
#include "web/job_name.hpp"
#include "web/json_bodies.hpp"
#include "web/json_error.hpp"
#include "web/service_error.hpp"

namespace eddy::web {

namespace {

/// What the URL calls the target of a fault of kind `what`.
std::string_view target_name(fault_request::kind what) {
  switch (what) {
  case fault_request::kind::crash_partition:
    return "partition";
  case fault_request::kind::crash_window:
    return "window";
  case fault_request::kind::stall_sink:
    return "sink";
  }
  return "target";
}

/// `raw` as a number in [min, max], or nothing unless it is all ASCII
/// digits (no sign, no spaces, no escapes) within those bounds.
std::optional<int64_t> parse_number(std::string_view raw, int64_t min,
                                    int64_t max) {
  if (raw.empty())
    return std::nullopt;
  int64_t value = 0;
  for (char c : raw) {
    if (c < '0' || c > '9')
      return std::nullopt;
    value = value * 10 + (c - '0');
    if (value > max)
      return std::nullopt; // also stops before int64_t could overflow
  }
  if (value < min)
    return std::nullopt;
  return value;
}

response invalid_parameter(std::string what, int64_t min, int64_t max,
                           std::string_view raw) {
  return json_error(400, "invalid_parameter",
                    what + " must be an integer in [" + std::to_string(min) +
                        ", " + std::to_string(max) + "], got " +
                        quoted_excerpt(raw));
}

} // namespace

void post_fault(fault_request::kind what, std::string_view raw_job,
                std::string_view raw_target,
                const std::vector<std::string_view>& raw_ms, job_registry& jobs,
                response_handler done) {
  auto name = decode_job_name(raw_job);
  if (!name)
    return done(json_error(400, "invalid_job_name", name.error()));
  auto kind = std::string{target_name(what)};
  constexpr int64_t max_target = std::numeric_limits<int32_t>::max();
  auto target = parse_number(raw_target, 0, max_target);
  if (!target)
    return done(invalid_parameter("the " + kind + " number", 0, max_target,
                                  raw_target));
  fault_request fault{.job = *name,
                      .what = what,
                      .target = static_cast<int32_t>(*target),
                      .duration = {}};
  if (what == fault_request::kind::stall_sink) {
    if (raw_ms.size() > 1)
      return done(json_error(400, "invalid_parameter",
                             "the query parameter 'ms' is given " +
                                 std::to_string(raw_ms.size()) +
                                 " times; give it once"));
    fault.duration = default_stall;
    if (!raw_ms.empty()) {
      auto ms = parse_number(raw_ms.front(), 1, max_stall.count());
      if (!ms)
        return done(invalid_parameter("the query parameter 'ms'", 1,
                                      max_stall.count(), raw_ms.front()));
      fault.duration = std::chrono::milliseconds{*ms};
    }
  }
  auto subject =
      kind + " " + std::to_string(fault.target) + " of job '" + *name + "'";
  jobs.inject_fault(std::move(fault), [subject = std::move(subject),
                                       done = std::move(done)](
                                          caf::expected<std::string> result) {
    if (result)
      return done(response{.status = 202, .body = fault_body(*result)});
    // The job or the target may be the unknown one; the job's
    // sentence says which.
    if (result.error() == ec::unknown_key)
      return done(
          json_error(404, "unknown_target",
                     subject + " is unknown: " + detail_of(result.error())));
    done(service_error(result.error(), subject));
  });
}

} // namespace eddy::web
