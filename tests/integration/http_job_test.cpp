// The HTTP API in front of the real inventory job: a real server on a free
// port, a real Beast client, partitions and RocksDB state behind them.
#include "web/http_server.hpp"

#include <chrono>
#include <thread>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/support/http_fixture.hpp"
#include "tests/support/job_tester.hpp"

using namespace eddy;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

struct job_over_http {
  explicit job_over_http(test::job_tester::overrides extra = {})
      : tester(std::move(extra)),
        server(
            test::start_test_server(tester.jobs(), tester.job(), {.port = 0})),
        client("127.0.0.1", server->port()) {}

  ~job_over_http() { server->stop(); }

  test::http_reply post_transaction(int64_t id, const std::string& item,
                                    int quantity) {
    return client.post("/v1/transactions", json{{"transactionId", id},
                                                {"ts", 1000 + id},
                                                {"itemId", item},
                                                {"quantity", quantity}}
                                               .dump());
  }

  test::job_tester tester;
  std::unique_ptr<web::http_server> server;
  test::http_client client;
};

json body_of(const test::http_reply& reply) {
  return json::parse(reply.body);
}

} // namespace

TEST_CASE("a posted transaction answers its result once applied") {
  job_over_http api;
  auto reply = api.post_transaction(1, "item_1", 100);
  CHECK(reply.status == 200);
  CHECK(body_of(reply) == json{{"transactionId", 1},
                               {"ts", 1001},
                               {"itemId", "item_1"},
                               {"quantity", 100},
                               {"success", true}});
  auto rejected = api.post_transaction(2, "item_1", -101);
  CHECK(rejected.status == 200);
  CHECK(body_of(rejected)["success"] == false);
}

TEST_CASE("the stock of an item is read over HTTP") {
  job_over_http api;
  api.post_transaction(1, "item_2", 10665);
  auto reply = api.client.get("/v1/items/item_2");
  CHECK(reply.status == 200);
  CHECK(body_of(reply) == json{{"itemId", "item_2"}, {"quantity", 10665}});
}

TEST_CASE("an item the job never saw is answered with a 404 JSON error") {
  job_over_http api;
  auto reply = api.client.get("/v1/items/item_404");
  CHECK(reply.status == 404);
  CHECK(body_of(reply)["error"] == "unknown_item");
}

TEST_CASE("several items are read at once, unknown ones listed as missing") {
  job_over_http api;
  api.post_transaction(1, "item_1", 1);
  api.post_transaction(2, "item_2", 2);
  auto reply = api.client.get("/v1/items?ids=item_2,item_x,item_1");
  CHECK(reply.status == 200);
  CHECK(body_of(reply) == json{{"items",
                                {{{"itemId", "item_2"}, {"quantity", 2}},
                                 {{"itemId", "item_1"}, {"quantity", 1}}}},
                               {"missing", {"item_x"}}});
}

TEST_CASE("the job status lists partitions with records processed") {
  job_over_http api;
  api.post_transaction(1, "item_1", 1);
  auto body = body_of(api.client.get("/v1/jobs"));
  REQUIRE(body["jobs"].size() == 1);
  auto& job = body["jobs"][0];
  CHECK(job["name"] == "inventory");
  CHECK(job["state"] == "running");
  REQUIRE(job["partitions"].size() == 4);
  uint64_t processed = 0;
  for (auto& p : job["partitions"]) {
    processed += p["recordsProcessed"].get<uint64_t>();
    CHECK(p["restarts"] == 0);
  }
  CHECK(processed == 1);
}

TEST_CASE("a malformed transaction is rejected with 400 before the job") {
  job_over_http api;
  auto reply = api.client.post("/v1/transactions",
                               R"({"transactionId":1,"ts":2,"itemId":"i"})");
  CHECK(reply.status == 400);
  CHECK(body_of(reply)["detail"].get<std::string>().find("quantity") !=
        std::string::npos);
  auto body = body_of(api.client.get("/v1/jobs"));
  for (auto& p : body["jobs"][0]["partitions"])
    CHECK(p["recordsProcessed"] == 0);
}

TEST_CASE("a read of a restarting partition answers 503 with Retry-After "
          "and the restart shows on the job status") {
  job_over_http api{{{"restart.delay.ms", "1500"}}};
  api.post_transaction(1, "item_1", 7);
  api.tester.job().crash_partition(api.tester.job().partition_of("item_1"));
  std::this_thread::sleep_for(200ms);
  auto reply = api.client.get("/v1/items/item_1");
  CHECK(reply.status == 503);
  CHECK(reply.headers["Retry-After"] == "1");
  auto body = body_of(api.client.get("/v1/jobs"));
  CHECK(body["jobs"][0]["state"] == "restarting");
  // Once restarted, the partition serves its persisted stock again.
  std::this_thread::sleep_for(2s);
  auto after = api.client.get("/v1/items/item_1");
  CHECK(after.status == 200);
  CHECK(body_of(after)["quantity"] == 7);
  body = body_of(api.client.get("/v1/jobs"));
  auto p = api.tester.job().partition_of("item_1");
  CHECK(body["jobs"][0]["partitions"][p]["restarts"] == 1);
}

TEST_CASE("the health check answers while the job runs") {
  job_over_http api;
  auto reply = api.client.get("/healthz");
  CHECK(reply.status == 200);
  CHECK(body_of(reply) == json{{"status", "ok"}});
}

TEST_CASE("readiness answers 503 naming the partition while it restarts, "
          "then ready") {
  job_over_http api{{{"restart.delay.ms", "1500"}}};
  CHECK(api.client.get("/readyz").status == 200);
  api.tester.job().crash_partition(0);
  std::this_thread::sleep_for(200ms);
  auto reply = api.client.get("/readyz");
  CHECK(reply.status == 503);
  CHECK(reply.headers["Retry-After"] == "1");
  CHECK(body_of(reply)["detail"].get<std::string>().find("partition 0") !=
        std::string::npos);
  std::this_thread::sleep_for(2s);
  CHECK(api.client.get("/readyz").status == 200);
}

namespace {

test::http_reply post_at(test::http_client& client, int64_t id, int64_t ts,
                         int quantity) {
  return client.post("/v1/transactions", json{{"transactionId", id},
                                              {"ts", ts},
                                              {"itemId", "item_9"},
                                              {"quantity", quantity}}
                                             .dump());
}

} // namespace

TEST_CASE("a transaction from far in the future is refused into the dead "
          "letters and counted malformed, and a later one is not late") {
  job_over_http api{test::event_time_alerts};
  auto refused = post_at(api.client, 1, 9223372036854775807, -5);
  CHECK(refused.status == 400);
  auto reason = std::string{"event time 9223372036854775807 is more than 1h "
                            "ahead of the wall clock"};
  CHECK(body_of(refused)["detail"].get<std::string>().find(reason) !=
        std::string::npos);
  auto letter = api.tester.dead_letters->poll();
  REQUIRE(letter);
  CHECK(letter->source == "http");
  CHECK(letter->reason.find(reason) != std::string::npos);
  CHECK(letter->record.find("9223372036854775807") != std::string::npos);
  auto jobs = body_of(api.client.get("/v1/jobs/inventory"));
  for (auto& source : jobs["sources"])
    if (source["name"] == "http")
      CHECK(source["malformed"] == 1);
  auto metrics = api.client.get("/metrics").body;
  CHECK(metrics.find("eddy_malformed_records_total{job=\"inventory\","
                     "actor=\"source/http\"} 1") != std::string::npos);

  // The seed's alert scenario after it: nothing is late, the window fires.
  for (int64_t i = 1; i <= 3; ++i)
    CHECK(post_at(api.client, 1 + i, 100 * i, -5).status == 200);
  CHECK(post_at(api.client, 5, 400, 50).status == 200);
  CHECK(post_at(api.client, 6, 5000, 1).status == 200);
  auto alert = api.tester.alerts->poll();
  REQUIRE(alert);
  CHECK(*alert == transaction_summary{"item_9", 0, 1000, 1, 3, 65});
  jobs = body_of(api.client.get("/v1/jobs/inventory"));
  for (auto& window : jobs["windows"]) {
    CHECK(window["lateRecords"] == 0);
    CHECK((window["watermarkMs"].is_null() ||
           window["watermarkMs"].get<int64_t>() < 10000));
  }
}
