// The JSON bodies of the inventory's routes: one item's stock (every read's
// answer, written without a JSON document) and a batch read's answer.
#pragma once

#include <string>
#include <vector>

#include "messages/inventory_records.hpp"

namespace eddy {

/// Returns {"itemId":id,"quantity":n}, as dump_body(to_json(item)) does for
/// an id of valid UTF-8 (decode_item_id checks that), without building a
/// JSON document: this is every read's answer.
std::string stock_body(const item_info& item);

/// Returns {"items":[{"itemId","quantity"},...],"missing":[ids...]}.
std::string stock_batch_body(const std::vector<item_info>& items,
                             const std::vector<std::string>& missing);

} // namespace eddy
