// Formats a response's head; see response_head.hpp.
#include "web/response_head.hpp"

#include <charconv>
// boost/core's string_view streams itself but includes only <iosfwd>.
#include <ostream>

#include <boost/beast/http/status.hpp>

namespace eddy::web {

namespace {

void append_number(std::string& out, size_t n) {
  char digits[20];
  auto [end, err] = std::to_chars(digits, digits + sizeof digits, n);
  static_cast<void>(err); // 20 digits hold every size_t
  out.append(digits, end);
}

void append_field(std::string& out, std::string_view name,
                  std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

} // namespace

void format_head(const response& res, unsigned version, bool keep_alive,
                 std::string& out) {
  namespace http = boost::beast::http;
  out.assign(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  append_number(out, res.status);
  out.push_back(' ');
  auto reason = http::obsolete_reason(http::int_to_status(res.status));
  out.append(reason.data(), reason.size());
  out.append("\r\n");
  append_field(out, "Server", "eddy");
  append_field(out, "Content-Type", res.content_type);
  for (const auto& [name, value] : res.headers)
    append_field(out, name, value);
  out.append("Content-Length: ");
  append_number(out, res.body.size());
  out.append("\r\n");
  auto persists_by_default = version >= 11;
  if (keep_alive != persists_by_default)
    append_field(out, "Connection", keep_alive ? "keep-alive" : "close");
  out.append("\r\n");
}

} // namespace eddy::web
