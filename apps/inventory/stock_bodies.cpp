// Builds the JSON bodies of the inventory's routes.
#include "apps/inventory/stock_bodies.hpp"

#include "messages/json_codec.hpp"
#include "web/json_bodies.hpp"

namespace eddy {

using nlohmann::json;
using web::dump_body;

namespace {

// Escapes like nlohmann::json's dump: quote, backslash and control
// characters; other bytes stay as they are.
void append_escaped(std::string_view text, std::string& out) {
  static constexpr char hex[] = "0123456789abcdef";
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte >= 0x20) {
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\b') {
      out += "\\b";
    } else if (c == '\f') {
      out += "\\f";
    } else {
      out += "\\u00";
      out += hex[byte >> 4];
      out += hex[byte & 0xF];
    }
  }
}

} // namespace

std::string stock_body(const item_info& item) {
  std::string result;
  result.reserve(32 + item.item_id.size());
  result += R"({"itemId":")";
  append_escaped(item.item_id, result);
  result += R"(","quantity":)";
  result += std::to_string(item.quantity);
  result += '}';
  return result;
}

std::string stock_batch_body(const std::vector<item_info>& items,
                             const std::vector<std::string>& missing) {
  auto found = json::array();
  for (const auto& item : items)
    found.push_back(to_json(item));
  return dump_body(json{{"items", std::move(found)}, {"missing", missing}});
}

} // namespace eddy
