// Dispatches HTTP requests to the routes of the API by path and method.
#include "web/routes.hpp"

#include <string>
#include <utility>

#include "web/jobs_route.hpp"
#include "web/json_error.hpp"
#include "web/request_target.hpp"
#include "web/stock_batch_route.hpp"
#include "web/stock_route.hpp"
#include "web/transaction_route.hpp"

namespace eddy::web {

namespace {

constexpr std::string_view items_prefix = "/v1/items/";

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

} // namespace

void handle_request(request req, inventory_service& service,
                    response_handler done) {
  // The views point into req.target, which lives until this function
  // returns; every route copies what it keeps for its asynchronous part.
  auto target = split_target(req.target);
  auto path = target.path;
  auto is_get = req.method == "GET";
  if (path == "/healthz") {
    if (!is_get)
      return done(method_not_allowed(req, path, "GET"));
    return done(response{.body = R"({"status":"ok"})"});
  }
  if (path == "/readyz") {
    if (!is_get)
      return done(method_not_allowed(req, path, "GET"));
    return get_readiness(service, std::move(done));
  }
  if (path == "/v1/items") {
    if (!is_get)
      return done(method_not_allowed(req, path, "GET"));
    return get_stock_batch(target.values_of("ids"), service, std::move(done));
  }
  if (path.starts_with(items_prefix)) {
    auto raw_id = path.substr(items_prefix.size());
    // An id with a '/' of its own arrives as %2F; a raw one means a deeper
    // path, which does not exist.
    if (raw_id.find('/') != std::string_view::npos)
      return done(not_found(path));
    if (!is_get)
      return done(method_not_allowed(req, path, "GET"));
    return get_stock(raw_id, service, std::move(done));
  }
  if (path == "/v1/transactions") {
    if (req.method != "POST")
      return done(method_not_allowed(req, path, "POST"));
    return post_transaction(req.body, service, std::move(done));
  }
  if (path == "/v1/jobs") {
    if (!is_get)
      return done(method_not_allowed(req, path, "GET"));
    return get_jobs(service, std::move(done));
  }
  done(not_found(path));
}

} // namespace eddy::web
