// Answers POST /v1/transactions by submitting the decoded transaction to the
// inventory service.
#include "apps/inventory/transaction_route.hpp"

#include <string>
#include <utility>

#include "apps/inventory/inventory_service.hpp"
#include "messages/json_codec.hpp"
#include "web/json_bodies.hpp"
#include "web/json_error.hpp"
#include "web/service_error.hpp"

namespace eddy {

using web::dump_body;
using web::json_error;
using web::response;
using web::response_handler;
using web::service_error;

void post_transaction(std::string_view body, inventory_service& service,
                      response_handler done) {
  auto tx = transaction_from_json_text(body);
  if (!tx)
    return done(json_error(400, "invalid_transaction", tx.error()));
  auto subject = "transaction " + std::to_string(tx->transaction_id);
  service.submit(std::move(*tx),
                 [subject = std::move(subject), done = std::move(done)](
                     caf::expected<transaction_result> result) {
                   if (!result)
                     return done(service_error(result.error(), subject));
                   done(response{.body = dump_body(to_json(*result))});
                 });
}

} // namespace eddy
