// Reads the bridge's message keys from JSON payloads with nlohmann/json,
// without exceptions.
#include "apps/mqtt_bridge/message_key.hpp"

#include <nlohmann/json.hpp>

#include "messages/error.hpp"

namespace eddy {

caf::expected<std::string> message_key(std::string_view payload,
                                       const std::string& field) {
  auto doc = nlohmann::json::parse(payload, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return make_error(ec::malformed_record, "the payload is not a JSON object");
  auto i = doc.find(field);
  if (i == doc.end())
    return make_error(ec::malformed_record,
                      "the payload has no field '" + field + "'");
  if (i->is_string())
    return i->get<std::string>();
  if (i->is_number())
    return i->dump();
  return make_error(ec::malformed_record,
                    "field '" + field + "' is neither a string nor a number");
}

} // namespace eddy
