// Answers GET /v1/items/{itemId} from the inventory service.
#include "web/stock_route.hpp"

#include <string>
#include <utility>

#include "messages/inventory_service.hpp"
#include "messages/json_codec.hpp"
#include "web/item_id.hpp"
#include "web/json_bodies.hpp"
#include "web/json_error.hpp"
#include "web/service_error.hpp"

namespace eddy::web {

void get_stock(std::string_view raw_id, inventory_service& service,
               response_handler done) {
  auto id = decode_item_id(raw_id);
  if (!id)
    return done(json_error(400, "invalid_item_id", id.error()));
  auto subject = "item '" + *id + "'";
  service.stock(std::move(*id),
                [subject = std::move(subject),
                 done = std::move(done)](caf::expected<item_info> info) {
                  if (!info)
                    return done(service_error(info.error(), subject));
                  done(response{.body = dump_body(to_json(*info))});
                });
}

} // namespace eddy::web
