// A shutdown answers what clients sent before it (issue 14): the server
// stops accepting connections, answers the requests in flight within the
// grace, and only then stops. A real server on a free port, an in-memory
// inventory behind it whose answers the test holds back.
#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "tests/support/http_fixture.hpp"
#include "web/http_server.hpp"

using namespace eddy;
using namespace eddy::test;
using namespace std::chrono_literals;

namespace {

const std::string transaction =
    R"({"transactionId":1,"ts":2,"itemId":"item_1","quantity":-1})";

// Waits until `done` holds, failing the test after 10 s.
template <class Done>
void wait_for(Done done, const char* what) {
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline)
      FAIL(std::string{what});
    std::this_thread::sleep_for(5ms);
  }
}

bool is_refused(uint16_t port) {
  try {
    http_client{"127.0.0.1", port}.get("/healthz");
    return false;
  } catch (const std::runtime_error&) {
    return true;
  }
}

} // namespace

TEST_CASE("a drain refuses new connections, answers the request in flight "
          "and then returns") {
  memory_inventory inventory;
  inventory.set_stock("item_1", 100);
  auto server = start_test_server(inventory);
  auto port = server->port();
  inventory.pause();
  auto posted = std::async(std::launch::async, [port] {
    return http_client{"127.0.0.1", port}.post("/v1/transactions", transaction);
  });
  wait_for([&] { return server->requests_in_flight() == 1; },
           "the transaction never reached the server");
  auto drained =
      std::async(std::launch::async, [&server] { return server->drain(10s); });
  wait_for([&] { return is_refused(port); },
           "new connections are still accepted while draining");
  CHECK(drained.wait_for(50ms) == std::future_status::timeout);
  inventory.resume();
  auto reply = posted.get();
  CHECK(reply.status == 200);
  CHECK(reply.headers["Connection"] == "close");
  CHECK(drained.get());
}

TEST_CASE("a drain gives up after its grace when an answer does not come") {
  memory_inventory inventory;
  inventory.set_stock("item_1", 100);
  auto server = start_test_server(inventory);
  auto port = server->port();
  inventory.pause();
  auto posted = std::async(std::launch::async, [port] {
    try {
      return std::optional{
          http_client{"127.0.0.1", port}.post("/v1/transactions", transaction)};
    } catch (const std::runtime_error&) {
      return std::optional<http_reply>{}; // dropped at stop
    }
  });
  wait_for([&] { return server->requests_in_flight() == 1; },
           "the transaction never reached the server");
  auto started = std::chrono::steady_clock::now();
  CHECK_FALSE(server->drain(200ms));
  CHECK(std::chrono::steady_clock::now() - started >= 200ms);
  server->stop();
  CHECK_FALSE(posted.get());
  inventory.resume();
}
