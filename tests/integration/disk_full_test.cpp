// A full disk under the state store: the process does not abort, the job
// stops taking input and says why, and it resumes once there is room, with
// nothing it acknowledged lost. On a real (small) tmpfs.
#include <chrono>
#include <string>
#include <thread>

#include <doctest/doctest.h>

#include "tests/support/eddy_process.hpp"
#include "tests/support/json_reply.hpp"
#include "tests/support/small_disk.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {

std::string transaction(int64_t id, int quantity) {
  return R"({"transactionId":)" + std::to_string(id) +
         R"(,"ts":1,"itemId":"probe","quantity":)" + std::to_string(quantity) +
         "}";
}

// Polls `target` until its status is `status` (up to `patience`).
test::http_reply await_status(test::http_client& client,
                              const std::string& target, unsigned status,
                              std::chrono::seconds patience) {
  auto deadline = std::chrono::steady_clock::now() + patience;
  auto reply = client.get(target);
  while (reply.status != status &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(200ms);
    reply = client.get(target);
  }
  return reply;
}

// Posts `body` until it is answered 200 (up to `patience`), as a client
// that retries does.
test::http_reply post_until_applied(test::http_client& client,
                                    const std::string& body,
                                    std::chrono::seconds patience) {
  auto deadline = std::chrono::steady_clock::now() + patience;
  auto reply = client.post("/v1/transactions", body);
  while (reply.status != 200 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(500ms);
    reply = client.post("/v1/transactions", body);
  }
  return reply;
}

const test::settings_list settings(const test::small_disk& disk) {
  // The generator keeps the store writing, so the disk fills at once.
  return {{"state.dir", disk.path() + "/state"},
          {"generator.enabled", "true"},
          {"generator.rate", "20000"},
          {"num.items", "10000"},
          {"checkpoint.interval.ms", "200"},
          {"http.request.timeout.ms", "1000"}};
}

} // namespace

TEST_CASE("a full disk stops the job with its reason instead of aborting, "
          "and it resumes with nothing acknowledged lost once there is "
          "room") {
  test::temp_dir dir;
  test::small_disk disk{96};
  test::eddy_process eddy{dir.path(), settings(disk)};
  test::http_client client{"127.0.0.1", eddy.port()};
  REQUIRE(client.post("/v1/transactions", transaction(1, 100)).status == 200);
  disk.fill();
  // Not acknowledged while nothing can be persisted: a 503 to retry.
  auto refused = client.post("/v1/transactions", transaction(2, 5));
  CHECK(refused.status == 503);
  CHECK(refused.headers.count("Retry-After") == 1);
  auto not_ready = await_status(client, "/readyz", 503, 30s);
  REQUIRE(not_ready.status == 503);
  CHECK_MESSAGE(not_ready.body.find("No space left on device") !=
                    std::string::npos,
                not_ready.body);
  auto report = client.get("/v1/jobs/inventory");
  CHECK_MESSAGE(report.body.find(R"("outcome":"failed")") != std::string::npos,
                report.body);
  CHECK(client.get("/healthz").status == 200);
  disk.free();
  CHECK(await_status(client, "/readyz", 200, 60s).status == 200);
  // The client retries; the transaction is applied once, whether the
  // refused copy was applied meanwhile or not.
  REQUIRE(post_until_applied(client, transaction(2, 5), 30s).status == 200);
  auto stock = client.get("/v1/items/probe");
  REQUIRE(stock.status == 200);
  CHECK(test::body_of(stock).at("quantity") == 105);
  CHECK(eddy.stop());
}

TEST_CASE("eddy started on a full disk reports why instead of aborting") {
  test::temp_dir dir;
  test::small_disk disk{96};
  {
    test::eddy_process first{dir.path(), settings(disk)};
    test::http_client client{"127.0.0.1", first.port()};
    REQUIRE(client.post("/v1/transactions", transaction(1, 100)).status == 200);
    REQUIRE(first.stop());
  }
  disk.fill();
  test::eddy_process again{dir.path(), settings(disk)};
  test::http_client client{"127.0.0.1", again.port()};
  auto not_ready = await_status(client, "/readyz", 503, 30s);
  REQUIRE(not_ready.status == 503);
  CHECK_MESSAGE(not_ready.body.find("No space left on device") !=
                    std::string::npos,
                not_ready.body);
  CHECK(again.stop());
}
