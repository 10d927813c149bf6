// Decodes and validates item ids taken from URLs.
#include "apps/inventory/item_id.hpp"

#include "messages/error.hpp"
#include "messages/tab_codec.hpp"
#include "web/percent_decode.hpp"

namespace eddy {

using web::percent_decode;

caf::expected<std::string> decode_item_id(std::string_view raw) {
  auto id = percent_decode(raw);
  if (!id)
    return id;
  if (auto problem = item_id_problem(*id))
    return make_error(ec::malformed_record, "the item id: " + *problem);
  return id;
}

} // namespace eddy
