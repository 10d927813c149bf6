// Escapes and truncates untrusted text for error messages.
#include "messages/quoted_excerpt.hpp"

#include <algorithm>

namespace eddy {

std::string quoted_excerpt(std::string_view text, size_t max_bytes) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string result;
  result.reserve(std::min(text.size(), max_bytes) + 8);
  result += '"';
  auto shown = text.substr(0, max_bytes);
  for (char c : shown) {
    auto byte = static_cast<unsigned char>(c);
    switch (c) {
    case '"':
      result += "\\\"";
      break;
    case '\\':
      result += "\\\\";
      break;
    case '\t':
      result += "\\t";
      break;
    case '\r':
      result += "\\r";
      break;
    case '\n':
      result += "\\n";
      break;
    default:
      if (byte < 0x20 || byte == 0x7f) {
        result += "\\x";
        result += hex[byte >> 4];
        result += hex[byte & 0x0f];
      } else {
        // Bytes >= 0x80 pass through: UTF-8 text stays readable.
        result += c;
      }
    }
  }
  if (shown.size() < text.size())
    result += "...";
  result += '"';
  return result;
}

} // namespace eddy
