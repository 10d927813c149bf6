// Decodes and validates item ids taken from URLs.
#include "apps/inventory/item_id.hpp"

#include "messages/error.hpp"
#include "messages/quoted_excerpt.hpp"
#include "messages/tab_codec.hpp"
#include "web/percent_decode.hpp"

namespace eddy {

using web::percent_decode;

caf::expected<std::string> decode_item_id(std::string_view raw) {
  auto id = percent_decode(raw);
  if (!id)
    return id;
  if (id->empty())
    return make_error(ec::malformed_record, "the item id is empty");
  if (!is_valid_item_id(*id))
    return make_error(ec::malformed_record,
                      "the item id must be UTF-8 text without control "
                      "characters, got " +
                          quoted_excerpt(*id));
  return id;
}

} // namespace eddy
