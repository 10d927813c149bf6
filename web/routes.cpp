// Dispatches HTTP requests to the routes of the API by path and method.
#include "web/routes.hpp"

#include <optional>
#include <string>
#include <utility>

#include "web/fault_route.hpp"
#include "web/job_route.hpp"
#include "web/jobs_route.hpp"
#include "web/json_error.hpp"
#include "web/metrics_route.hpp"
#include "web/request_target.hpp"
#include "web/savepoint_route.hpp"
#include "web/server_route.hpp"
#include "web/static_route.hpp"
#include "web/stock_batch_route.hpp"
#include "web/stock_route.hpp"
#include "web/transaction_route.hpp"

namespace eddy::web {

namespace {

constexpr std::string_view items_prefix = "/v1/items/";
constexpr std::string_view jobs_prefix = "/v1/jobs/";
constexpr std::string_view static_prefix = "/static/";

response method_not_allowed(const request& req, std::string_view path,
                            std::string_view allowed) {
  auto result =
      json_error(405, "method_not_allowed",
                 req.method + " is not supported on " + std::string{path} +
                     "; use " + std::string{allowed});
  result.headers.emplace_back("Allow", std::string{allowed});
  return result;
}

response not_found(std::string_view path) {
  return json_error(404, "not_found",
                    "there is no resource at " + std::string{path});
}

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

/// Dispatches the paths below /v1/jobs/. Admin endpoints check the method,
/// then the token, then (fault injection) whether it is on, in that order.
std::optional<response> handle_job_request(const request& req,
                                           const request_target& target,
                                           inventory_service& service,
                                           const admin_access& admin,
                                           const reply_later& later) {
  auto path = target.path;
  auto segments = split_segments(path.substr(jobs_prefix.size()));
  auto job = segments.front();
  if (job.empty())
    return not_found(path);
  if (segments.size() == 1) {
    if (req.method != "GET")
      return method_not_allowed(req, path, "GET");
    get_job(job, service, later());
    return std::nullopt;
  }
  if (segments.size() == 2 && segments[1] == "savepoints") {
    if (req.method != "POST")
      return method_not_allowed(req, path, "POST");
    if (auto refusal = refuse_admin(req, admin))
      return refusal;
    post_savepoint(job, service, later());
    return std::nullopt;
  }
  if (segments.size() == 4) {
    if (auto what = fault_kind(segments[1], segments[3])) {
      if (req.method != "POST")
        return method_not_allowed(req, path, "POST");
      if (auto refusal = refuse_fault_injection(req, admin))
        return refusal;
      post_fault(*what, job, segments[2], target.values_of("ms"), service,
                 later());
      return std::nullopt;
    }
  }
  return not_found(path);
}

} // namespace

std::optional<response> handle_request(const request& req,
                                       inventory_service& service,
                                       const admin_access& admin,
                                       const site_settings& site,
                                       const reply_later& later) {
  // The views point into req.target, which outlives this call; every route
  // copies what it keeps for its asynchronous part.
  auto target = split_target(req.target);
  auto path = target.path;
  auto is_get = req.method == "GET";
  // First: the most frequent request by far.
  if (path.starts_with(items_prefix)) {
    auto raw_id = path.substr(items_prefix.size());
    // An id with a '/' of its own arrives as %2F; a raw one means a deeper
    // path, which does not exist.
    if (raw_id.find('/') != std::string_view::npos)
      return not_found(path);
    if (!is_get)
      return method_not_allowed(req, path, "GET");
    return get_stock(raw_id, service);
  }
  if (path == "/healthz") {
    if (!is_get)
      return method_not_allowed(req, path, "GET");
    return response{.body = R"({"status":"ok"})"};
  }
  if (path == "/readyz") {
    if (!is_get)
      return method_not_allowed(req, path, "GET");
    get_readiness(service, later());
    return std::nullopt;
  }
  if (path == "/metrics") {
    if (!is_get)
      return method_not_allowed(req, path, "GET");
    get_metrics(service, later());
    return std::nullopt;
  }
  if (path == live_path) {
    auto result = json_error(426, "upgrade_required",
                             "/v1/live is a WebSocket: send GET with "
                             "Connection: Upgrade and Upgrade: websocket");
    result.headers.emplace_back("Upgrade", "websocket");
    return result;
  }
  if (path == "/v1/items") {
    if (!is_get)
      return method_not_allowed(req, path, "GET");
    return get_stock_batch(target.values_of("ids"), service);
  }
  if (path == "/v1/transactions") {
    if (req.method != "POST")
      return method_not_allowed(req, path, "POST");
    post_transaction(req.body, service, later());
    return std::nullopt;
  }
  if (path == "/v1/jobs") {
    if (!is_get)
      return method_not_allowed(req, path, "GET");
    get_jobs(service, later());
    return std::nullopt;
  }
  if (path.starts_with(jobs_prefix))
    return handle_job_request(req, target, service, admin, later);
  if (path == "/v1/server") {
    if (!is_get)
      return method_not_allowed(req, path, "GET");
    return get_server_info(admin, site);
  }
  if (path == "/") {
    if (!is_get)
      return method_not_allowed(req, path, "GET");
    return get_dashboard(site.static_dir);
  }
  if (path.starts_with(static_prefix)) {
    if (!is_get)
      return method_not_allowed(req, path, "GET");
    return get_static_file(path.substr(static_prefix.size()), site.static_dir);
  }
  return not_found(path);
}

} // namespace eddy::web
