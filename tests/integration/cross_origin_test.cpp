// Pages of other origins may not write to Eddy nor follow its live feed
// (issue 14): what a browser sends for them (no-cors text/plain POSTs,
// WebSocket upgrades with their Origin) is refused, what the server's own
// pages, curl and http.allowed.origins send is served. A real server on a
// free port, an in-memory inventory behind it; the browser's side of it is
// in cross_origin_e2e_test.cpp.
#include <doctest/doctest.h>

#include <string>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <utility>
#include <vector>

#include "tests/support/http_fixture.hpp"
#include "tests/support/json_reply.hpp"
#include "web/http_server.hpp"

using namespace eddy;
using namespace eddy::test;
namespace beast = boost::beast;
namespace net = boost::asio;

namespace {

using header_list = std::vector<std::pair<std::string, std::string>>;

const std::string transaction =
    R"({"transactionId":1,"ts":2,"itemId":"item_1","quantity":-1})";

std::string own_origin(const http_fixture& fix) {
  return "http://127.0.0.1:" + std::to_string(fix.server->port());
}

int64_t stock_of_item_1(http_client& client) {
  return body_of(client.get("/v1/items/item_1"))["quantity"];
}

// Opens WS /v1/live as a page of `origin` would; the handshake's error, if
// any, else the first message's error.
beast::error_code follow_feed_from(const std::string& origin, uint16_t port) {
  net::io_context ioc;
  beast::websocket::stream<net::ip::tcp::socket> ws{ioc};
  ws.next_layer().connect({net::ip::make_address("127.0.0.1"), port});
  ws.set_option(beast::websocket::stream_base::decorator(
      [origin](beast::websocket::request_type& req) {
        req.set(beast::http::field::origin, origin);
      }));
  beast::error_code ec;
  ws.handshake("127.0.0.1:" + std::to_string(port), "/v1/live", ec);
  if (ec)
    return ec;
  beast::flat_buffer message;
  ws.read(message, ec);
  return ec;
}

} // namespace

TEST_CASE_FIXTURE(http_fixture,
                  "a no-cors text/plain POST from another origin is refused "
                  "and changes nothing") {
  auto reply = client.request("POST", "/v1/transactions", transaction,
                              "text/plain;charset=UTF-8",
                              {{"Origin", "http://evil.example"}});
  CHECK(reply.status == 403);
  CHECK(is_error(reply, "forbidden_origin", "http://evil.example"));
  CHECK(stock_of_item_1(client) == 100);
}

TEST_CASE_FIXTURE(http_fixture,
                  "a JSON POST from another origin is refused as well") {
  auto reply =
      client.request("POST", "/v1/transactions", transaction,
                     "application/json", {{"Origin", "http://evil.example"}});
  CHECK(reply.status == 403);
  CHECK(stock_of_item_1(client) == 100);
}

TEST_CASE_FIXTURE(http_fixture,
                  "a page of a DNS name pointed at the server is no own "
                  "page") {
  // DNS rebinding: the attacker's name resolves to 127.0.0.1, so Host and
  // Origin agree; only an IP address or localhost makes an own origin.
  auto where = "evil.example:" + std::to_string(server->port());
  auto reply = client.request("POST", "/v1/transactions", transaction,
                              "application/json",
                              {{"Origin", "http://" + where}, {"Host", where}});
  CHECK(reply.status == 403);
  CHECK(stock_of_item_1(client) == 100);
}

TEST_CASE_FIXTURE(http_fixture, "a body that is not JSON is answered 415") {
  // curl -d sends application/x-www-form-urlencoded.
  auto reply = client.post("/v1/transactions", transaction,
                           "application/x-www-form-urlencoded");
  CHECK(reply.status == 415);
  CHECK(is_error(reply, "unsupported_media_type",
                 "application/x-www-form-urlencoded"));
  CHECK(stock_of_item_1(client) == 100);
  // With parameters and in any case, JSON is JSON.
  CHECK(client
            .post("/v1/transactions", transaction,
                  "Application/JSON; charset=utf-8")
            .status == 200);
}

TEST_CASE_FIXTURE(http_fixture,
                  "the server's own pages and clients without an Origin "
                  "write") {
  CHECK(client
            .request("POST", "/v1/transactions", transaction,
                     "application/json", {{"Origin", own_origin(*this)}})
            .status == 200);
  CHECK(client.post("/v1/transactions", transaction).status == 200);
  CHECK(stock_of_item_1(client) == 98);
}

TEST_CASE_FIXTURE(http_fixture,
                  "reads from other origins are answered without CORS "
                  "headers") {
  auto reply = client.request("GET", "/v1/items/item_1", "", "",
                              {{"Origin", "http://evil.example"}});
  CHECK(reply.status == 200);
  CHECK(reply.headers.count("Access-Control-Allow-Origin") == 0);
}

TEST_CASE("an allowed origin writes, reads with CORS headers and passes "
          "preflight, others fail preflight") {
  http_fixture fix{{.port = 0, .allowed_origins = {"https://ops.example"}}};
  auto posted = fix.client.request("POST", "/v1/transactions", transaction,
                                   "application/json",
                                   {{"Origin", "https://ops.example"}});
  CHECK(posted.status == 200);
  CHECK(posted.headers["Access-Control-Allow-Origin"] == "https://ops.example");
  CHECK(posted.headers["Vary"] == "Origin");
  auto preflight =
      fix.client.request("OPTIONS", "/v1/transactions", "", "",
                         {{"Origin", "https://ops.example"},
                          {"Access-Control-Request-Method", "POST"},
                          {"Access-Control-Request-Headers", "content-type"}});
  CHECK(preflight.status == 200);
  CHECK(preflight.headers["Access-Control-Allow-Origin"] ==
        "https://ops.example");
  CHECK(preflight.headers["Access-Control-Allow-Methods"] == "GET, HEAD, POST");
  auto refused =
      fix.client.request("OPTIONS", "/v1/transactions", "", "",
                         {{"Origin", "http://evil.example"},
                          {"Access-Control-Request-Method", "POST"}});
  CHECK(refused.status == 403);
  CHECK(refused.headers.count("Access-Control-Allow-Origin") == 0);
}

TEST_CASE_FIXTURE(http_fixture,
                  "the live feed refuses upgrades from other origins and "
                  "takes the server's own") {
  CHECK(follow_feed_from("http://evil.example", server->port()) ==
        beast::websocket::error::upgrade_declined);
  CHECK(follow_feed_from(own_origin(*this), server->port()) ==
        beast::error_code{});
}
