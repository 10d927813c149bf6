// A shutdown answers what clients sent before it (issue 14): the server
// stops accepting connections, answers the requests in flight within the
// grace, and only then stops. A real server on a free port, an in-memory
// inventory behind it whose answers the test holds back.
#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <memory>
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

// A server whose inventory holds its answers back, and a transaction
// posted to it that waits for its answer.
struct held_post {
  memory_inventory inventory;
  std::unique_ptr<web::http_server> server = start_test_server(inventory);
  uint16_t port = server->port();
  // Nothing when the connection closed without an answer.
  std::future<std::optional<http_reply>> reply;

  held_post() {
    inventory.set_stock("item_1", 100);
    inventory.pause();
    reply = std::async(std::launch::async, [port = port] {
      try {
        return std::optional{http_client{"127.0.0.1", port}.post(
            "/v1/transactions", transaction)};
      } catch (const std::runtime_error&) {
        return std::optional<http_reply>{};
      }
    });
    wait_for([this] { return server->requests_in_flight() == 1; },
             "the transaction never reached the server");
  }

  ~held_post() { inventory.resume(); }
};

TEST_CASE_FIXTURE(held_post, "a drain refuses new connections, answers the "
                             "request in flight and then returns") {
  auto drained =
      std::async(std::launch::async, [this] { return server->drain(10s); });
  wait_for([this] { return is_refused(port); },
           "new connections are still accepted while draining");
  CHECK(drained.wait_for(50ms) == std::future_status::timeout);
  inventory.resume();
  auto answer = reply.get();
  REQUIRE(answer);
  CHECK(answer->status == 200);
  CHECK(answer->headers["Connection"] == "close");
  CHECK(drained.get());
}

TEST_CASE_FIXTURE(held_post,
                  "a drain gives up after its grace when an answer does not "
                  "come") {
  auto started = std::chrono::steady_clock::now();
  CHECK_FALSE(server->drain(200ms));
  CHECK(std::chrono::steady_clock::now() - started >= 200ms);
  server->stop();
  CHECK_FALSE(reply.get()); // dropped at stop
}
