// POST /v1/transactions: applies one stock change.
#pragma once

#include <string_view>

#include "web/response.hpp"

namespace eddy {

class inventory_service;

/// Submits the transaction in `body` ({"transactionId","ts","itemId",
/// "quantity"}) and answers 200 with the result, whose "success" is false
/// when the stock would become negative. Answers 400 "invalid_transaction"
/// naming the byte position of bad JSON or the missing or mistyped field,
/// and the mapped failure (see service_error) otherwise. Calls
/// `done` exactly once, possibly on a thread of a job.
void post_transaction(std::string_view body, inventory_service& service,
                      web::response_handler done);

} // namespace eddy
