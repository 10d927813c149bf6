// Decodes %XX escapes in URL components.
#include "web/percent_decode.hpp"

#include "messages/error.hpp"
#include "messages/quoted_excerpt.hpp"

namespace eddy::web {

namespace {

/// The value of one hex digit, or -1.
int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

} // namespace

caf::expected<std::string> percent_decode(std::string_view text) {
  std::string result;
  result.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      result += text[i];
      continue;
    }
    auto high = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
    auto low = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
    if (high < 0 || low < 0)
      return make_error(ec::malformed_record, "bad percent-encoding at byte " +
                                                  std::to_string(i) + " of " +
                                                  quoted_excerpt(text));
    result += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return result;
}

} // namespace eddy::web
