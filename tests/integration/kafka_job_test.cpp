// The inventory job fed from and writing to the dev Kafka cluster (a real
// Kafka-protocol peer in its own process): exact results, dead letters, and
// exact stocks after a kill -9 of the Eddy process.
#include "apps/inventory/inventory_job.hpp"

#include <csignal>
#include <map>
#include <set>
#include <thread>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "messages/tab_codec.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/dev_kafka.hpp"
#include "tests/support/eddy_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/inventory_reference.hpp"
#include "tests/support/job_tester.hpp"
#include "tests/support/kafka_reader.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {

const std::vector<test::dev_kafka::topic> seed_topics{
    {"transaction.log.1", 4},
    {"query.input.log.1", 2},
    {"query.output.log.1", 2},
    {"transaction.output.log.1", 4},
    {"eddy.dead.letters", 1}};

std::vector<item_transaction> generated(int64_t count, int64_t num_items) {
  return test::generated_transactions(count, num_items, 11);
}

using reference = test::reference_run;

} // namespace

TEST_CASE("transactions from Kafka give the reference results and stocks on "
          "Kafka, and query results come back keyed by queryId") {
  test::dev_kafka kafka{seed_topics};
  auto txs = generated(100000, 1000);
  reference expected{txs};
  std::vector<std::pair<std::string, std::string>> queries;
  for (int q = 0; q < 50; ++q)
    queries.emplace_back("query.input.log.1", std::to_string(900000 + q) +
                                                  " item_" +
                                                  std::to_string(q + 1));
  test::produce_transactions(kafka.bootstrap_servers(), txs, queries);
  test::job_tester tester{test::kafka_job_settings(kafka.bootstrap_servers(),
                                                   test::unique_group_id())};
  auto results =
      test::read_messages(kafka.bootstrap_servers(),
                          {"transaction.output.log.1"}, txs.size(), 120s);
  REQUIRE(results.size() == txs.size());
  std::set<int64_t> seen;
  size_t wrong = 0;
  for (auto& msg : results) {
    auto res = parse_transaction_result(msg.payload);
    REQUIRE(res);
    CHECK(seen.insert(res->transaction.transaction_id).second);
    CHECK(msg.key == res->transaction.item_id);
    if (expected.success.at(res->transaction.transaction_id) != res->success)
      ++wrong;
  }
  CHECK(wrong == 0);
  for (auto& [item, quantity] : expected.stock) {
    auto stock = tester.read_stock(item);
    REQUIRE(stock);
    CHECK(stock->quantity == quantity);
  }
  auto answers = test::read_messages(
      kafka.bootstrap_servers(), {"query.output.log.1"}, queries.size(), 60s);
  REQUIRE(answers.size() == queries.size());
  for (auto& msg : answers) {
    auto res = parse_query_result(msg.payload);
    REQUIRE(res);
    CHECK(msg.key == std::to_string(res->query_id));
  }
}

TEST_CASE("a malformed Kafka record goes to the dead-letter topic with the "
          "reason and the job keeps going") {
  test::dev_kafka kafka{seed_topics};
  auto txs = generated(100, 10);
  test::produce_transactions(kafka.bootstrap_servers(), txs,
                             {{"transaction.log.1", "1\t2\titem_1\tmany"}});
  test::job_tester tester{test::kafka_job_settings(kafka.bootstrap_servers(),
                                                   test::unique_group_id())};
  auto letters = test::read_messages(kafka.bootstrap_servers(),
                                     {"eddy.dead.letters"}, 1, 60s);
  REQUIRE(letters.size() == 1);
  CHECK(letters[0].payload.find("quantity") != std::string::npos);
  CHECK(letters[0].payload.find("many") != std::string::npos);
  REQUIRE(tester.transaction_results->poll_many(txs.size(), 60s).size() ==
          txs.size());
  auto status = tester.job().status();
  // The source, then transactions posted over HTTP.
  REQUIRE(status.sources.size() == 2);
  CHECK(status.sources[1].name == "http");
  CHECK(status.sources[0].malformed == 1);
  CHECK(status.sources[0].records == txs.size());
}

TEST_CASE("the Kafka source reports its lag per topic partition, down to "
          "zero once it has read everything") {
  test::dev_kafka kafka{seed_topics};
  auto txs = generated(1000, 10);
  test::produce_transactions(kafka.bootstrap_servers(), txs);
  test::job_tester tester{test::kafka_job_settings(kafka.bootstrap_servers(),
                                                   test::unique_group_id())};
  REQUIRE(tester.transaction_results->poll_many(txs.size(), 60s).size() ==
          txs.size());
  // The source measures its lag when it commits, after each checkpoint; a
  // partition shows once the consumer knows its position and end offset
  // (under the sanitizers that can take a commit or two longer).
  auto caught_up = [](const source_status& kafka) {
    if (kafka.lag.size() < 4)
      return false;
    for (auto& at : kafka.lag)
      if (at.lag != 0)
        return false;
    return true;
  };
  auto status = tester.job().status();
  for (int i = 0; i < 200 && !caught_up(status.sources[0]); ++i) {
    std::this_thread::sleep_for(50ms);
    status = tester.job().status();
  }
  auto& source = status.sources[0];
  REQUIRE(source.name == "kafka");
  CHECK(caught_up(source));
  std::set<int32_t> partitions;
  for (auto& at : source.lag) {
    CHECK(at.topic == "transaction.log.1");
    partitions.insert(at.partition);
  }
  // 10 items over 4 partitions: each has some.
  CHECK(partitions == std::set<int32_t>{0, 1, 2, 3});
}

TEST_CASE("after a kill -9 of Eddy and a restart the final stocks equal the "
          "reference and the committed offsets moved on") {
  test::dev_kafka kafka{seed_topics};
  auto txs = generated(100000, 1000);
  reference expected{txs};
  test::produce_transactions(kafka.bootstrap_servers(), txs);
  test::temp_dir dir;
  auto group = test::unique_group_id();
  auto settings = test::kafka_job_settings(kafka.bootstrap_servers(), group);
  settings.emplace_back("query.results.sink", "none");
  settings.emplace_back("batch.size", "256");
  {
    test::eddy_process eddy{dir.path(), settings};
    // Kill it somewhere in the middle of the stream.
    for (int i = 0; i < 600 && eddy.records_processed() < 30000; ++i)
      std::this_thread::sleep_for(50ms);
    CHECK(eddy.records_processed() < txs.size());
    eddy.kill();
  }
  test::eddy_process eddy{dir.path(), settings};
  test::http_client client{"127.0.0.1", eddy.port()};
  auto stocks_match = [&] {
    for (auto& [item, quantity] : expected.stock) {
      auto reply = client.get("/v1/items/" + item);
      if (reply.status != 200 ||
          nlohmann::json::parse(reply.body)["quantity"] != quantity)
        return false;
    }
    return true;
  };
  bool matched = false;
  for (int i = 0; i < 120 && !(matched = stocks_match()); ++i)
    std::this_thread::sleep_for(500ms);
  CHECK(matched);
  // A clean stop commits the offsets; a new member of the group then finds
  // nothing left to read.
  REQUIRE(eddy.stop());
  auto consumer = kafka_consumer::make(
      test::test_kafka_properties(kafka.bootstrap_servers(), group),
      {"transaction.log.1"}, {});
  REQUIRE(consumer);
  size_t left = 0;
  for (int i = 0; i < 20; ++i) {
    auto batch = consumer->poll(1000, 500ms);
    REQUIRE(batch);
    left += batch->size();
  }
  CHECK(left == 0);
}

TEST_CASE("eddy-gen writes the seed's transactions to Kafka keyed by item") {
  test::dev_kafka kafka{{{"transaction.log.1", 4}}};
  test::child_process gen{std::string{EDDY_BIN_DIR} + "/eddy-gen",
                          {"--kafka", kafka.bootstrap_servers(), "--count",
                           "1000", "--rate", "0", "--num-items", "50"}};
  REQUIRE(gen.wait(60s));
  CHECK(gen.exit_status() == 0);
  auto messages = test::read_messages(kafka.bootstrap_servers(),
                                      {"transaction.log.1"}, 1000, 60s);
  REQUIRE(messages.size() == 1000);
  for (auto& msg : messages) {
    auto tx = parse_transaction(msg.payload);
    REQUIRE(tx);
    CHECK(msg.key == tx->item_id);
  }
}
