// The inventory's own part of the HTTP API, which it adds to the server's
// routes: GET /v1/items/{itemId}, GET /v1/items?ids=a,b and
// POST /v1/transactions.
#pragma once

#include "web/route_table.hpp"

namespace eddy {

class inventory_service;

/// Adds the inventory's routes, answered by `service` (which must outlive
/// the server), to `routes`. Item reads come first: they are the API's most
/// frequent request by far.
void add_inventory_routes(web::route_table& routes, inventory_service& service);

} // namespace eddy
