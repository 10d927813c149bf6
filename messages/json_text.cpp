// Hand-written JSON values (see json_text.hpp).
#include "messages/json_text.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace eddy::json_text {

void append_string(std::string_view x, std::string& out) {
  static constexpr char hex[] = "0123456789abcdef";
  out.push_back('"');
  for (auto c : x) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte < 0x20) {
      out.append("\\u00");
      out.push_back(hex[byte >> 4]);
      out.push_back(hex[byte & 0xf]);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

void append_number(double x, std::string& out) {
  if (!std::isfinite(x)) {
    out.append("null");
    return;
  }
  // The shortest form of 3.3e21 may be 22 digits without a point, which
  // JSON readers (simdjson among them) refuse as an integer that does not
  // fit 64 bits; from 1e18 on, the exponent form reads back as a double.
  std::array<char, 32> buf;
  auto* last = buf.data() + buf.size();
  auto [end, ec] =
      std::fabs(x) < 1e18
          ? std::to_chars(buf.data(), last, x)
          : std::to_chars(buf.data(), last, x, std::chars_format::scientific);
  out.append(buf.data(), end);
}

void append_number(int64_t x, std::string& out) {
  std::array<char, 24> buf;
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), x);
  out.append(buf.data(), end);
}

void append_name(std::string_view name, std::string& out) {
  if (!out.empty() && out.back() != '{')
    out.push_back(',');
  append_string(name, out);
  out.push_back(':');
}

} // namespace eddy::json_text
