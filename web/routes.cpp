// Dispatches HTTP requests to the routes of the API by path and method.
#include "web/routes.hpp"

#include <optional>
#include <string>
#include <utility>

#include "web/fault_route.hpp"
#include "web/job_name.hpp"
#include "web/job_route.hpp"
#include "web/jobs_route.hpp"
#include "web/json_error.hpp"
#include "web/metrics_route.hpp"
#include "web/percent_decode.hpp"
#include "web/request_target.hpp"
#include "web/savepoint_route.hpp"
#include "web/server_route.hpp"
#include "web/state_route.hpp"
#include "web/static_route.hpp"

namespace eddy::web {

namespace {

constexpr std::string_view jobs_prefix = "/v1/jobs/";
constexpr std::string_view static_prefix = "/static/";

/// The fault that /v1/jobs/{job}/{collection}/{n}/{action} injects, if any.
std::optional<fault_request::kind> fault_kind(std::string_view collection,
                                              std::string_view action) {
  if (collection == "partitions" && action == "crash")
    return fault_request::kind::crash_partition;
  if (collection == "windows" && action == "crash")
    return fault_request::kind::crash_window;
  if (collection == "sinks" && action == "stall")
    return fault_request::kind::stall_sink;
  return std::nullopt;
}

/// Whether a request about `keys` went to the processes that own them (in a
/// cluster: ctx.forward_keys is set).
bool is_forwarded(const route_keys& about,
                  const std::optional<std::vector<std::string>>& keys,
                  const request& req, const route_context& ctx,
                  const reply_later& later) {
  return keys && (*ctx.forward_keys)(about, *keys, req, later);
}

/// GET /v1/jobs/{job}/state/{key}: the key, if it decodes (else get_state
/// explains what is wrong).
std::optional<std::vector<std::string>> state_key(std::string_view raw_key) {
  auto key = percent_decode(raw_key);
  if (!key)
    return std::nullopt;
  return std::vector<std::string>{std::move(*key)};
}

/// Dispatches the paths below /v1/jobs/. Admin endpoints check the method,
/// then the token, then (fault injection) whether it is on, in that order.
std::optional<response> handle_job_request(const request& req,
                                           const request_target& target,
                                           const route_context& ctx,
                                           const reply_later& later) {
  auto path = target.path;
  auto segments = split_segments(path.substr(jobs_prefix.size()));
  auto job = segments.front();
  if (job.empty())
    return not_found(path);
  if (segments.size() == 1) {
    if (req.method != "GET")
      return method_not_allowed(req, path, "GET");
    get_job(job, ctx.jobs, later());
    return std::nullopt;
  }
  if (segments.size() == 3 && segments[1] == "state" && !segments[2].empty()) {
    if (req.method != "GET")
      return method_not_allowed(req, path, "GET");
    if (ctx.forward_keys != nullptr) {
      auto name = decode_job_name(job);
      if (name && is_forwarded(route_keys{.job = std::move(*name)},
                               state_key(segments[2]), req, ctx, later))
        return std::nullopt;
    }
    return get_state(job, segments[2], ctx.jobs);
  }
  if (segments.size() == 2 && segments[1] == "savepoints") {
    if (req.method != "POST")
      return method_not_allowed(req, path, "POST");
    if (auto refusal = refuse_admin(req, ctx.admin))
      return refusal;
    post_savepoint(job, ctx.jobs, later());
    return std::nullopt;
  }
  if (segments.size() == 4) {
    if (auto what = fault_kind(segments[1], segments[3])) {
      if (req.method != "POST")
        return method_not_allowed(req, path, "POST");
      if (auto refusal = refuse_fault_injection(req, ctx.admin))
        return refusal;
      post_fault(*what, job, segments[2], target.values_of("ms"), ctx.jobs,
                 later());
      return std::nullopt;
    }
  }
  return not_found(path);
}

} // namespace

std::optional<response> handle_request(const request& req,
                                       const route_context& ctx,
                                       const reply_later& later) {
  // The views point into req.target, which outlives this call; every route
  // copies what it keeps for its asynchronous part.
  auto target = split_target(req.target);
  auto path = target.path;
  auto is_get = req.method == "GET";
  // First: the jobs' routes, which hold the most frequent request by far
  // (the inventory's item reads).
  std::string_view rest;
  if (auto* added = ctx.job_routes.match(path, rest)) {
    auto& keys = added->keys;
    if (ctx.forward_keys != nullptr && keys &&
        is_forwarded(*keys, keys->of(req, target, rest), req, ctx, later))
      return std::nullopt;
    return added->handle(req, target, rest, later);
  }
  if (path == "/healthz") {
    if (!is_get)
      return method_not_allowed(req, path, "GET");
    return response{.body = R"({"status":"ok"})"};
  }
  if (path == "/readyz") {
    if (!is_get)
      return method_not_allowed(req, path, "GET");
    get_readiness(ctx.jobs, later());
    return std::nullopt;
  }
  if (path == "/metrics") {
    if (!is_get)
      return method_not_allowed(req, path, "GET");
    get_metrics(ctx.jobs, later());
    return std::nullopt;
  }
  if (path == live_path) {
    auto result = json_error(426, "upgrade_required",
                             "/v1/live is a WebSocket: send GET with "
                             "Connection: Upgrade and Upgrade: websocket");
    result.headers.emplace_back("Upgrade", "websocket");
    return result;
  }
  if (path == "/v1/jobs") {
    if (!is_get)
      return method_not_allowed(req, path, "GET");
    get_jobs(ctx.jobs, later());
    return std::nullopt;
  }
  if (path.starts_with(jobs_prefix))
    return handle_job_request(req, target, ctx, later);
  if (path == "/v1/server") {
    if (!is_get)
      return method_not_allowed(req, path, "GET");
    return get_server_info(ctx.admin, ctx.site);
  }
  if (path == "/") {
    if (!is_get)
      return method_not_allowed(req, path, "GET");
    return get_dashboard(ctx.site.static_dir);
  }
  if (path.starts_with(static_prefix)) {
    if (!is_get)
      return method_not_allowed(req, path, "GET");
    return get_static_file(path.substr(static_prefix.size()),
                           ctx.site.static_dir);
  }
  return not_found(path);
}

} // namespace eddy::web
