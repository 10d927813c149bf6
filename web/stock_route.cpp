// Answers GET /v1/items/{itemId} from the inventory service.
#include "web/stock_route.hpp"

#include "messages/inventory_service.hpp"
#include "web/item_id.hpp"
#include "web/json_bodies.hpp"
#include "web/json_error.hpp"
#include "web/service_error.hpp"

namespace eddy::web {

response get_stock(std::string_view raw_id, inventory_service& service) {
  auto id = decode_item_id(raw_id);
  if (!id)
    return json_error(400, "invalid_item_id", id.error());
  auto info = service.stock(*id);
  if (!info)
    return service_error(info.error(), "item '" + *id + "'");
  return response{.body = stock_body(*info)};
}

} // namespace eddy::web
