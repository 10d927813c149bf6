// The request handler: maps each method and path of the HTTP API to its
// route and answers everything else with a JSON error.
#pragma once

#include <optional>
#include <string_view>

#include "web/admin_access.hpp"
#include "web/key_forwarding.hpp"
#include "web/request.hpp"
#include "web/response.hpp"
#include "web/route_table.hpp"
#include "web/site_settings.hpp"

namespace eddy {
class job_registry;
} // namespace eddy

namespace eddy::web {

/// The live feed's path: a WebSocket upgrade there becomes a live_session
/// (in session.cpp); a plain request gets 426.
inline constexpr std::string_view live_path = "/v1/live";

/// What the handler answers from: the process's jobs, the routes they
/// added, and the server's settings. Every member outlives the server.
struct route_context {
  job_registry& jobs;
  const route_table& job_routes;
  const admin_access& admin;
  const site_settings& site;
  /// In a cluster: passes requests about keys other processes own to them
  /// (a job route's key, GET /v1/jobs/{job}/state/{key}). Null otherwise.
  const key_forwarder* forward_keys = nullptr;
};

/// Answers `req`: returns the response if it is ready before this returns
/// (reads, /healthz, every error), else returns nothing and passes the
/// response, exactly once, to the handler it took from `later`, on whatever
/// thread the job answers on (possibly before it returns).
/// The routes jobs added (ctx.job_routes) come first, then:
///   GET  /healthz                     200 {"status":"ok"}
///   GET  /readyz                      see get_readiness
///   GET  /metrics                     see get_metrics
///   GET  /v1/jobs                     see get_jobs
///   GET  /v1/jobs/{job}               see get_job
///   GET  /v1/jobs/{job}/state/{key}   see get_state
///   GET  /v1/server                   see get_server_info
/// The browser dashboard, from site.static_dir:
///   GET  /                            see get_dashboard
///   GET  /static/{path}               see get_static_file
/// Admin endpoints, which need "Authorization: Bearer <admin.token>" (see
/// refuse_admin: 403 without a configured token, 401 without the right one):
///   POST /v1/jobs/{job}/savepoints    see post_savepoint
/// Fault injection, admin endpoints that also need admin.fault_injection
/// (404 otherwise; see post_fault):
///   POST /v1/jobs/{job}/partitions/{p}/crash
///   POST /v1/jobs/{job}/windows/{p}/crash
///   POST /v1/jobs/{job}/sinks/{i}/stall?ms=N
/// Any other path gets 404 "not_found"; a known path with another method
/// gets 405 "method_not_allowed" with an Allow header, before any token is
/// checked.
[[nodiscard]] std::optional<response> handle_request(const request& req,
                                                     const route_context& ctx,
                                                     const reply_later& later);

} // namespace eddy::web
