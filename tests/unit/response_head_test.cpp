// The response head eddy writes itself reads back, through Beast's own
// parser, as the status, fields and persistence it was made from.
#include "web/response_head.hpp"

#include <doctest/doctest.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

using namespace eddy;
namespace http = boost::beast::http;

namespace {

http::response<http::string_body> parse_back(const std::string& head,
                                             const std::string& body) {
  http::response_parser<http::string_body> parser;
  boost::beast::error_code ec;
  auto wire = head + body;
  // put() stops after the header; the body takes further calls.
  size_t offset = 0;
  while (!parser.is_done() && offset < wire.size()) {
    offset += parser.put(
        boost::asio::buffer(wire.data() + offset, wire.size() - offset), ec);
    REQUIRE_MESSAGE(!ec, ec.message() << " in:\n" << wire);
  }
  CHECK(offset == wire.size());
  REQUIRE(parser.is_done());
  return parser.release();
}

} // namespace

TEST_CASE("a response head parses back with its status, reason, fields and "
          "body length") {
  web::response res{503,
                    R"({"error":"unavailable"})",
                    "application/json",
                    {{"Retry-After", "1"}, {"Allow", "GET"}}};
  std::string head;
  web::format_head(res, 11, true, head);
  auto msg = parse_back(head, res.body);
  CHECK(msg.result_int() == 503);
  CHECK(msg.reason() == "Service Unavailable");
  CHECK(msg.version() == 11);
  CHECK(msg[http::field::server] == "eddy");
  CHECK(msg[http::field::content_type] == "application/json");
  CHECK(msg["Retry-After"] == "1");
  CHECK(msg["Allow"] == "GET");
  CHECK(msg.body() == res.body);
  CHECK(msg.keep_alive());
}

TEST_CASE("a response head says Connection only where the version's default "
          "differs") {
  web::response res{200, "{}"};
  std::string head;
  for (unsigned version : {10u, 11u})
    for (bool keep_alive : {false, true}) {
      web::format_head(res, version, keep_alive, head);
      auto msg = parse_back(head, res.body);
      CAPTURE(version);
      CAPTURE(keep_alive);
      CHECK(msg.version() == version);
      CHECK(msg.keep_alive() == keep_alive);
      auto says_connection = head.find("Connection:") != std::string::npos;
      CHECK(says_connection == (keep_alive != (version == 11)));
    }
}

TEST_CASE("a response head reuses the string it is given") {
  std::string head = "left over from the previous response, longer than this";
  web::format_head({404, "x"}, 11, true, head);
  CHECK(head.rfind("HTTP/1.1 404 Not Found\r\n", 0) == 0);
  CHECK(head.ends_with("Content-Length: 1\r\n\r\n"));
}
