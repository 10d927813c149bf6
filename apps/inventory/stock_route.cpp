// Answers GET /v1/items/{itemId} from the inventory service.
#include "apps/inventory/stock_route.hpp"

#include "apps/inventory/inventory_service.hpp"
#include "apps/inventory/item_id.hpp"
#include "apps/inventory/stock_bodies.hpp"
#include "web/json_error.hpp"
#include "web/service_error.hpp"

namespace eddy {

using web::json_error;
using web::response;
using web::service_error;

response get_stock(std::string_view raw_id, inventory_service& service) {
  auto id = decode_item_id(raw_id);
  if (!id)
    return json_error(400, "invalid_item_id", id.error());
  auto info = service.stock(*id);
  if (!info)
    return service_error(info.error(), "item '" + *id + "'");
  return response{.body = stock_body(*info)};
}

} // namespace eddy
