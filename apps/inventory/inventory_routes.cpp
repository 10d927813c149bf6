// Dispatches the inventory's paths to its routes.
#include "apps/inventory/inventory_routes.hpp"

#include <optional>
#include <string_view>

#include "apps/inventory/inventory_service.hpp"
#include "apps/inventory/stock_batch_route.hpp"
#include "apps/inventory/stock_route.hpp"
#include "apps/inventory/transaction_route.hpp"

namespace eddy {

using web::method_not_allowed;
using web::not_found;
using web::reply_later;
using web::request;
using web::request_target;
using web::response;

void add_inventory_routes(web::route_table& routes,
                          inventory_service& service) {
  routes.add({"/v1/items/",
              [&service](const request& req, const request_target& target,
                         std::string_view raw_id,
                         const reply_later&) -> std::optional<response> {
                // An id with a '/' of its own arrives as %2F; a raw one
                // means a deeper path, which does not exist.
                if (raw_id.find('/') != std::string_view::npos)
                  return not_found(target.path);
                if (req.method != "GET")
                  return method_not_allowed(req, target.path, "GET");
                return get_stock(raw_id, service);
              }});
  routes.add({"/v1/items",
              [&service](const request& req, const request_target& target,
                         std::string_view,
                         const reply_later&) -> std::optional<response> {
                if (req.method != "GET")
                  return method_not_allowed(req, target.path, "GET");
                return get_stock_batch(target.values_of("ids"), service);
              }});
  routes.add({"/v1/transactions",
              [&service](const request& req, const request_target& target,
                         std::string_view,
                         const reply_later& later) -> std::optional<response> {
                if (req.method != "POST")
                  return method_not_allowed(req, target.path, "POST");
                post_transaction(req.body, service, later());
                return std::nullopt;
              }});
}

} // namespace eddy
