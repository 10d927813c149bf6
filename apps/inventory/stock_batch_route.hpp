// GET /v1/items?ids=a,b: the current stock of several items in one request.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "web/response.hpp"

namespace eddy {

class inventory_service;

/// The most item ids one batch read may ask for: it bounds the work of one
/// request.
inline constexpr size_t max_batch_ids = 1000;

/// Answers with 200 {"items":[...],"missing":[...]}: the items found, in the
/// order asked, and the ids the inventory does not know. `raw_values` holds
/// the percent-encoded value of every `ids` parameter; each is a
/// comma-separated list (a comma inside an id is sent as %2C). Answers 400
/// "invalid_ids" when there is no id or more than max_batch_ids, 400
/// "invalid_item_id" for an empty or badly encoded id, and the first
/// failure other than ec::unknown_key mapped by service_error (e.g. 503).
/// Answers on the calling thread.
web::response get_stock_batch(const std::vector<std::string_view>& raw_values,
                              inventory_service& service);

// In a cluster the items of one batch may live on several members: each is
// asked for its own, and their answers are joined into one.

/// The decoded ids a batch read asks for; nothing if get_stock_batch
/// answers it with a 400.
std::optional<std::vector<std::string>>
batch_item_ids(const std::vector<std::string_view>& raw_values);

/// The target of the batch read of `ids`: /v1/items?ids=a,b (encoded).
std::string stock_batch_target(const std::vector<std::string>& ids);

/// One batch answer from the 200 answers of batch reads of parts of `ids`:
/// the items found and the ids missing, in the order of `ids`.
web::response join_stock_batches(const std::vector<std::string>& ids,
                                 std::vector<web::response> parts);

} // namespace eddy
