// The request handler: maps each method and path of the HTTP API to its
// route and answers everything else with a JSON error.
#pragma once

#include <functional>
#include <optional>
#include <string_view>

#include "web/admin_access.hpp"
#include "web/request.hpp"
#include "web/response.hpp"
#include "web/site_settings.hpp"

namespace eddy {
class inventory_service;
} // namespace eddy

namespace eddy::web {

/// The live feed's path: a WebSocket upgrade there becomes a live_session
/// (in session.cpp); a plain request gets 426.
inline constexpr std::string_view live_path = "/v1/live";

/// Makes the handler for an answer that comes later, from another thread.
using reply_later = std::function<response_handler()>;

/// Answers `req`: returns the response if it is ready before this returns
/// (reads of items, /healthz, every error), else returns nothing and passes
/// the response, exactly once, to the handler it took from `later`, on
/// whatever thread `service` answers on (possibly before it returns).
/// Routes:
///   GET  /healthz                     200 {"status":"ok"}
///   GET  /readyz                      see get_readiness
///   GET  /v1/items/{itemId}           see get_stock
///   GET  /v1/items?ids=a,b            see get_stock_batch
///   POST /v1/transactions             see post_transaction
///   GET  /v1/jobs                     see get_jobs
///   GET  /v1/jobs/{job}               see get_job
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
/// checked. `service` must outlive every pending call.
[[nodiscard]] std::optional<response> handle_request(const request& req,
                                                     inventory_service& service,
                                                     const admin_access& admin,
                                                     const site_settings& site,
                                                     const reply_later& later);

} // namespace eddy::web
