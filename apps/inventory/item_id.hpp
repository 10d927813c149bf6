// Turns the percent-encoded item id of a URL into an item id the inventory
// accepts.
#pragma once

#include <string>
#include <string_view>

#include "caf/expected.hpp"

namespace eddy {

/// Percent-decodes `raw` and checks the result with is_valid_item_id. Fails
/// with ec::malformed_record saying whether the id is empty, badly encoded
/// or not UTF-8 text without control characters.
[[nodiscard]] caf::expected<std::string> decode_item_id(std::string_view raw);

} // namespace eddy
