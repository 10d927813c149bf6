// Turns what Beast parsed into what the origin checks and the routes see.
#include "web/request_parser.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

namespace eddy::web {

namespace http = boost::beast::http;

void limit(request_parser& parser, size_t header_limit, size_t body_limit) {
  parser.header_limit(static_cast<std::uint32_t>(header_limit));
  parser.body_limit(body_limit);
}

std::optional<response> screen(const origin_policy& policy,
                               const beast_request& message) {
  auto field = [&message](http::field f) {
    auto value = message[f];
    return std::string_view{value.data(), value.size()};
  };
  auto method = std::string_view{message.method_string().data(),
                                 message.method_string().size()};
  auto origin = field(http::field::origin);
  if (method == "OPTIONS" && !origin.empty() &&
      message.count(http::field::access_control_request_method) > 0)
    return policy.preflight(origin, field(http::field::host));
  return policy.refuse(
      {.method = method,
       .origin = origin,
       .host = field(http::field::host),
       .content_type = field(http::field::content_type),
       .has_body = !message.body().empty(),
       .is_upgrade = boost::beast::websocket::is_upgrade(message)});
}

request to_request(beast_request&& message) {
  request req;
  req.method = std::string{message.method_string()};
  req.target = std::string{message.target()};
  for (const auto& field : message) {
    auto name = std::string{field.name_string()};
    for (auto& c : name)
      if (c >= 'A' && c <= 'Z')
        c = static_cast<char>(c - 'A' + 'a');
    auto& value = req.headers[name];
    value += value.empty() ? "" : ", ";
    value += field.value();
  }
  req.body = std::move(message.body());
  return req;
}

} // namespace eddy::web
