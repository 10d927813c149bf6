// Fuzzes the HTTP request parsing as a session does it (web/session.cpp):
// Beast's request parser with the server's limits, fed in the chunks a
// socket delivers, the head first and then the body, request after request
// on one connection; then the origin checks and the plain request the
// routes see. The first byte sets the chunk size, the second the limits,
// the rest is what the client sends.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "tests/fuzz/fuzz_check.hpp"
#include "web/origin_policy.hpp"
#include "web/request_parser.hpp"
#include "web/request_target.hpp"
#include "web/response_head.hpp"
#include "web/routes.hpp"

namespace {

using namespace eddy::web;
using eddy::fuzz::check;
namespace beast = boost::beast;
namespace http = beast::http;

/// The client's bytes as the socket delivers them: `chunk` at a time.
struct connection {
  std::string_view input;
  size_t chunk = 1;
  size_t received = 0; // delivered so far
  size_t used = 0;     // consumed by parsers so far

  std::string_view unread() const {
    return input.substr(used, received - used);
  }

  bool receive() {
    if (received == input.size())
      return false;
    received = std::min(input.size(), received + chunk);
    return true;
  }
};

/// Reads into `parser` until `is_complete(parser)`, as Beast's read
/// operations do: the bytes received and not consumed, then more when the
/// parser needs them. At the end of the input: end_of_stream before the
/// first byte of a message, else what put_eof says (partial_message).
template <class Complete>
beast::error_code read(request_parser& parser, connection& in,
                       Complete is_complete) {
  beast::error_code ec;
  while (!is_complete(parser)) {
    auto bytes = in.unread();
    if (!bytes.empty()) {
      auto used =
          parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
      in.used += used;
      if (ec && ec != http::error::need_more)
        return ec;
      check(used > 0 || ec == http::error::need_more || is_complete(parser),
            "the parser consumes bytes, asks for more or is done");
      if (!ec)
        continue;
      ec = {};
    }
    if (!in.receive()) {
      if (!parser.got_some())
        return http::error::end_of_stream;
      parser.put_eof(ec);
      return ec;
    }
  }
  return ec;
}

/// The server's defaults (http.header.limit, http.body.limit), or limits
/// small enough that fuzzed requests reach the 431 and 413 refusals.
/// Answers the body limit.
size_t set_limits(request_parser& parser, uint8_t pick) {
  size_t header_limit = pick & 1 ? 1024 : 65536; // the key's bounds: 1024..
  size_t body_limit = pick & 2 ? 16 : 65536;
  limit(parser, header_limit, body_limit);
  return body_limit;
}

const origin_policy& policy() {
  static const origin_policy instance = [] {
    std::vector<std::string> allowed;
    auto problem = origin_policy::check_list(
        "https://ops.example.com, http://10.0.0.5:3000", allowed);
    check(!problem, "the allowed origins parse");
    return origin_policy{allowed};
  }();
  return instance;
}

/// The head the session writes for `res`: one line per field, nothing
/// injected.
void check_head(response res, unsigned version, bool keep_alive,
                std::string_view origin) {
  policy().add_cors_headers(origin, res);
  std::string head;
  format_head(res, version, keep_alive, head);
  check(head.find("\r\n\r\n") == head.size() - 4,
        "a response head ends at its only empty line");
}

/// What the routes see of a request: the plain request and its target's
/// parts.
void check_request(request req, size_t body_limit) {
  check(req.body.size() <= body_limit, "a body is within the body limit");
  for (const auto& [name, value] : req.headers)
    check(std::none_of(name.begin(), name.end(),
                       [](char c) { return c >= 'A' && c <= 'Z'; }),
          "header names are in lower case");
  auto target = split_target(req.target);
  static_cast<void>(split_segments(target.path));
  static_cast<void>(target.values_of("ids"));
}

/// One request read, screened and turned into a plain request, as
/// session::do_read .. handle do; false when the connection ends.
bool serve_one(connection& in, uint8_t limits) {
  request_parser parser;
  auto body_limit = set_limits(parser, limits);
  // async_read_header, then (unless the head was all) async_read.
  auto ec = read(parser, in, [](auto& p) { return p.is_header_done(); });
  if (!ec && !parser.is_done()) {
    parser.eager(true);
    ec = read(parser, in, [](auto& p) { return p.is_done(); });
  }
  // 431, 413 and malformed requests close the connection.
  if (ec)
    return false;
  auto& head = parser.get();
  auto origin = std::string{head[http::field::origin]};
  auto keep_alive = head.keep_alive();
  std::vector<std::string> listed;
  static_cast<void>(origin_policy::check_list(origin, listed));
  if (auto refused = screen(policy(), head)) {
    check_head(std::move(*refused), head.version(), keep_alive, origin);
    return keep_alive;
  }
  auto target = std::string_view{head.target().data(), head.target().size()};
  if (split_target(target).path == live_path &&
      beast::websocket::is_upgrade(head))
    return false; // a live session takes the connection over
  check_request(to_request(parser.release()), body_limit);
  return keep_alive;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2)
    return 0;
  connection in{eddy::fuzz::text_of(data + 2, size - 2), size_t{data[0]} + 1};
  // Each request consumes a byte at least: this ends.
  while (serve_one(in, data[1])) {
  }
  return 0;
}
