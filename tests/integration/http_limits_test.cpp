// The HTTP front's hygiene against clients that send too much or too many:
// HEAD, oversized header fields, over-long item ids, and the cap on open
// connections (issue 14). A real server on a free port, an in-memory
// inventory behind it.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/http_fixture.hpp"
#include "tests/support/json_reply.hpp"
#include "web/http_server.hpp"

using namespace eddy;
using namespace eddy::test;
using namespace std::chrono_literals;

namespace {

std::string transaction_of(const std::string& item_id) {
  return R"({"transactionId":1,"ts":2,"itemId":")" + item_id +
         R"(","quantity":1})";
}

// The head of a raw response: up to the blank line.
std::string head_of(const std::string& raw) {
  return raw.substr(0, raw.find("\r\n\r\n") + 4);
}

} // namespace

// -- HEAD ---------------------------------------------------------------------

TEST_CASE_FIXTURE(http_fixture,
                  "HEAD answers as GET with the same length and no body") {
  auto got = client.get("/v1/items/item_1");
  REQUIRE(got.status == 200);
  auto raw = client.send_raw("HEAD /v1/items/item_1 HTTP/1.1\r\nHost: t\r\n"
                             "Connection: close\r\n\r\n");
  CHECK(raw.starts_with("HTTP/1.1 200 OK\r\n"));
  CHECK(raw.find("Content-Length: " + std::to_string(got.body.size()) +
                 "\r\n") != std::string::npos);
  // Nothing after the head.
  CHECK(raw == head_of(raw));
}

TEST_CASE_FIXTURE(http_fixture, "HEAD of a missing item answers 404 bodiless") {
  auto raw = client.send_raw("HEAD /v1/items/item_9 HTTP/1.1\r\nHost: t\r\n"
                             "Connection: close\r\n\r\n");
  CHECK(raw.starts_with("HTTP/1.1 404 "));
  CHECK(raw == head_of(raw));
}

TEST_CASE_FIXTURE(http_fixture, "a 405 offers HEAD wherever it offers GET") {
  auto reply = client.post("/v1/jobs", "");
  CHECK(reply.status == 405);
  CHECK(reply.headers["Allow"] == "GET, HEAD");
}

// -- header limit -------------------------------------------------------------

TEST_CASE("header fields over http.header.limit are answered with 431") {
  memory_inventory inventory;
  auto server = start_test_server(inventory, {.port = 0, .header_limit = 8192});
  http_client client{"127.0.0.1", server->port()};
  auto raw = client.send_raw("GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: " +
                             std::string(64 * 1024, 'a') + "\r\n\r\n");
  CHECK(raw.starts_with("HTTP/1.1 431 "));
  CHECK(raw.find("request_header_fields_too_large") != std::string::npos);
  CHECK(raw.find("8192 bytes") != std::string::npos);
  // Headers within the limit still work.
  CHECK(client.get("/healthz").status == 200);
}

// -- item ids -----------------------------------------------------------------

TEST_CASE_FIXTURE(http_fixture, "an item id over 256 bytes is a 400") {
  auto long_id = std::string(257, 'a');
  auto read = client.get("/v1/items/" + long_id);
  CHECK(read.status == 400);
  CHECK(is_error(read, "invalid_item_id", "at most 256 bytes, got 257"));
  auto batch = client.get("/v1/items?ids=item_1," + long_id);
  CHECK(batch.status == 400);
  auto posted = client.post("/v1/transactions", transaction_of(long_id));
  CHECK(posted.status == 400);
  CHECK(is_error(posted, "invalid_transaction", "at most 256 bytes"));
}

TEST_CASE_FIXTURE(http_fixture, "an item id of exactly 256 bytes is taken") {
  auto id = std::string(256, 'b');
  CHECK(client.post("/v1/transactions", transaction_of(id)).status == 200);
  CHECK(body_of(client.get("/v1/items/" + id))["quantity"] == 1);
}

// -- connection cap -----------------------------------------------------------

TEST_CASE("connections over http.max.connections are closed at once, and "
          "served again once others close") {
  memory_inventory inventory;
  auto server = start_test_server(inventory, {.port = 0, .max_connections = 2});
  std::vector<http_client> open;
  for (int i = 0; i < 2; ++i) {
    open.emplace_back("127.0.0.1", server->port());
    REQUIRE(open.back().get("/healthz").status == 200);
  }
  http_client refused{"127.0.0.1", server->port()};
  CHECK(refused.send_raw("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n").empty());
  open.pop_back(); // closes its connection
  // The server notices the close on its next read; give it a moment.
  std::string answer;
  for (int attempt = 0; attempt < 50 && answer.empty(); ++attempt) {
    answer = refused.send_raw(
        "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    if (answer.empty())
      std::this_thread::sleep_for(20ms);
  }
  CHECK(answer.starts_with("HTTP/1.1 200 OK"));
}
