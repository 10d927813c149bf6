// Dispatches the inventory's paths to its routes.
#include "apps/inventory/inventory_routes.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "apps/inventory/inventory_service.hpp"
#include "apps/inventory/item_id.hpp"
#include "apps/inventory/stock_batch_route.hpp"
#include "apps/inventory/stock_route.hpp"
#include "apps/inventory/transaction_route.hpp"
#include "messages/json_codec.hpp"

namespace eddy {

using web::method_not_allowed;
using web::not_found;
using web::reply_later;
using web::request;
using web::request_target;
using web::response;

namespace {

// In a cluster, which items a request is about: their owners answer it.

constexpr std::string_view items_job = "inventory";

using keys = std::optional<std::vector<std::string>>;

keys item_of_path(const request& req, const request_target&,
                  std::string_view raw_id) {
  auto id = decode_item_id(raw_id);
  if (req.method != "GET" || !id)
    return std::nullopt;
  return std::vector<std::string>{std::move(*id)};
}

keys items_of_query(const request& req, const request_target& target,
                    std::string_view) {
  if (req.method != "GET")
    return std::nullopt;
  return batch_item_ids(target.values_of("ids"));
}

keys item_of_body(const request& req, const request_target&, std::string_view) {
  auto tx = transaction_from_json_text(req.body);
  if (req.method != "POST" || !tx)
    return std::nullopt;
  return std::vector<std::string>{std::move(tx->item_id)};
}

} // namespace

void add_inventory_routes(web::route_table& routes,
                          inventory_service& service) {
  routes.add(
      {"/v1/items/",
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
       },
       web::route_keys{.job = std::string{items_job}, .of = item_of_path}});
  routes.add({"/v1/items",
              [&service](const request& req, const request_target& target,
                         std::string_view,
                         const reply_later&) -> std::optional<response> {
                if (req.method != "GET")
                  return method_not_allowed(req, target.path, "GET");
                return get_stock_batch(target.values_of("ids"), service);
              },
              web::route_keys{.job = std::string{items_job},
                              .of = items_of_query,
                              .target_for = stock_batch_target,
                              .merge = join_stock_batches}});
  routes.add(
      {"/v1/transactions",
       [&service](const request& req, const request_target& target,
                  std::string_view,
                  const reply_later& later) -> std::optional<response> {
         if (req.method != "POST")
           return method_not_allowed(req, target.path, "POST");
         post_transaction(req.body, service, later());
         return std::nullopt;
       },
       web::route_keys{.job = std::string{items_job}, .of = item_of_body}});
}

} // namespace eddy
