// Idempotent transactions end to end: a transaction id repeated over HTTP
// (a retry, a retry after a 503), MQTT (QoS 1 redelivers) or the socket is
// applied once and answered with its first result, across restarts.
#include <chrono>
#include <string>
#include <thread>

#include <boost/asio.hpp>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/support/eddy_process.hpp"
#include "tests/support/job_tester.hpp"
#include "tests/support/json_reply.hpp"
#include "tests/support/mosquitto_broker.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

const std::string transaction =
    R"({"transactionId":7,"ts":1700000000000,"itemId":"item_1","quantity":10})";

// The stock of item_1 as GET /v1/items/item_1 answers it.
int64_t stock_of_item_1(test::http_client& client) {
  auto reply = client.get("/v1/items/item_1");
  REQUIRE(reply.status == 200);
  return test::body_of(reply).at("quantity").get<int64_t>();
}

// The stock of item_1 once the job has it, waiting up to 10 s for `want`.
int64_t settled_stock(test::job_tester& tester, int64_t want) {
  auto deadline = std::chrono::steady_clock::now() + 10s;
  for (;;) {
    auto item = tester.read_stock("item_1");
    if ((item && item->quantity == want) ||
        std::chrono::steady_clock::now() > deadline)
      return item ? item->quantity : -1;
    std::this_thread::sleep_for(50ms);
  }
}

} // namespace

TEST_CASE("a transaction posted twice is applied once, the repeat answered "
          "with the first result, also after a restart") {
  test::temp_dir dir;
  {
    test::eddy_process eddy{dir.path(), {}};
    test::http_client client{"127.0.0.1", eddy.port()};
    auto first = client.post("/v1/transactions", transaction);
    REQUIRE(first.status == 200);
    CHECK(test::body_of(first).at("success") == true);
    CHECK_FALSE(test::body_of(first).contains("repeat"));
    auto repeat = client.post("/v1/transactions", transaction);
    REQUIRE(repeat.status == 200);
    auto body = test::body_of(repeat);
    CHECK(body.at("success") == true);
    CHECK(body.at("repeat") == true);
    CHECK(body.at("quantity") == 10);
    CHECK(stock_of_item_1(client) == 10);
    REQUIRE(eddy.stop());
  }
  test::eddy_process again{dir.path(), {}};
  test::http_client client{"127.0.0.1", again.port()};
  auto repeat = client.post("/v1/transactions", transaction);
  REQUIRE(repeat.status == 200);
  CHECK(test::body_of(repeat).at("repeat") == true);
  CHECK(stock_of_item_1(client) == 10);
}

TEST_CASE("a POST answered 503 while its partition restarts is applied once "
          "however often the client retries") {
  test::temp_dir dir;
  test::eddy_process eddy{dir.path(),
                          {{"partitions", "1"},
                           {"admin.token", "secret"},
                           {"admin.fault_injection", "true"},
                           {"restart.delay.ms", "3000"},
                           {"http.request.timeout.ms", "300"}}};
  test::http_client client{"127.0.0.1", eddy.port()};
  REQUIRE(client
              .post("/v1/transactions",
                    R"({"transactionId":1,"ts":1,"itemId":"item_1",)"
                    R"("quantity":100})")
              .status == 200);
  REQUIRE(eddy.post_admin("/v1/jobs/inventory/partitions/0/crash", "secret")
              .status == 202);
  // A client that follows Retry-After until it gets an answer.
  auto reply = client.post("/v1/transactions", transaction);
  CHECK(reply.status == 503);
  int unavailable = 0;
  for (int i = 0; i < 30 && reply.status == 503; ++i) {
    ++unavailable;
    REQUIRE(reply.headers.count("Retry-After") == 1);
    std::this_thread::sleep_for(
        std::chrono::seconds{std::stoi(reply.headers["Retry-After"])});
    reply = client.post("/v1/transactions", transaction);
  }
  REQUIRE(reply.status == 200);
  CHECK(unavailable >= 1);
  CHECK(test::body_of(reply).at("success") == true);
  CHECK(stock_of_item_1(client) == 110);
  // Every copy the partition found queued after its restart is applied
  // by now; one more changes nothing either.
  CHECK(client.post("/v1/transactions", transaction).status == 200);
  CHECK(stock_of_item_1(client) == 110);
}

TEST_CASE("a transaction the MQTT broker delivers twice is applied once") {
  test::mosquitto_broker broker;
  test::job_tester tester{{{"source.mqtt.enabled", "true"},
                           {"mqtt.server.uri", broker.uri()},
                           {"mqtt.client.id", "eddy-dedup-test"}}};
  REQUIRE(broker.wait_for_log("eddy-dedup-test", 10s));
  std::this_thread::sleep_for(500ms);
  auto publisher = broker.connect_publisher("test-publisher");
  // What a redelivery looks like to the job: the same message again.
  for (int i = 0; i < 3; ++i)
    REQUIRE_FALSE(publisher.publish("eddy/transactions", transaction));
  REQUIRE_FALSE(publisher.publish(
      "eddy/transactions",
      R"({"transactionId":8,"ts":1700000000001,"itemId":"item_1","quantity":1})"));
  REQUIRE_FALSE(publisher.flush(10s));
  CHECK(settled_stock(tester, 11) == 11);
  // The result is written once; the repeats only answer their sender.
  auto results = tester.transaction_results->poll_many(2);
  CHECK(results.size() == 2);
  CHECK_FALSE(tester.transaction_results->poll(500ms));
}

TEST_CASE("a transaction line sent twice over the socket is applied once") {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor{io,
                                   {asio::ip::make_address("127.0.0.1"), 0}};
  test::job_tester tester{
      {{"socket.enabled", "true"},
       {"socket.port", std::to_string(acceptor.local_endpoint().port())}}};
  auto peer = acceptor.accept();
  asio::write(peer, asio::buffer(std::string{"7\t2\titem_1\t10\n"
                                             "7\t2\titem_1\t10\n"
                                             "8\t3\titem_1\t1\n"}));
  CHECK(settled_stock(tester, 11) == 11);
}

TEST_CASE("transactions from inputs that never repeat one (Kafka, the "
          "generator, the job's own port) are not deduplicated by id") {
  test::job_tester tester;
  tester.job().send({item_transaction{7, 2, "item_1", 10},
                     item_transaction{7, 2, "item_1", 10}});
  CHECK(settled_stock(tester, 20) == 20);
}
