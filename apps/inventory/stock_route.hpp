// GET /v1/items/{itemId}: the current stock of one item.
#pragma once

#include <string_view>

#include "web/response.hpp"

namespace eddy {

class inventory_service;

/// Returns 200 {"itemId","quantity"} for the item whose percent-encoded id
/// is `raw_id`, 400 "invalid_item_id" if the id is empty or badly encoded,
/// or the mapped failure (see service_error). Answers on the
/// calling thread.
web::response get_stock(std::string_view raw_id, inventory_service& service);

} // namespace eddy
