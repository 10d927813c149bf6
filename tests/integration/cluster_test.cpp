// Several Eddy processes of one Kafka group: each announces itself on the
// group's members topic, GET /v1/cluster on any of them lists them all with
// the input partitions each owns, and a request about an item on any of them
// is answered by the item's owner.
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "connectors/kafka/key_partition.hpp"
#include "messages/error.hpp"
#include "messages/tab_codec.hpp"
#include "tests/support/browser_script.hpp"
#include "tests/support/cluster_steps.hpp"
#include "tests/support/dev_kafka.hpp"
#include "tests/support/eddy_process.hpp"
#include "tests/support/inventory_reference.hpp"
#include "tests/support/kafka_reader.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {

using test::cluster_input_topic;
using test::cluster_view;

constexpr int partitions = 4;

bool splits_among(const cluster_view& view,
                  const std::set<std::string>& members) {
  return test::splits_among(view, members, partitions);
}

cluster_view wait_for_split(uint16_t port,
                            const std::set<std::string>& members) {
  return test::wait_for_split(port, members, partitions);
}

/// The input partition an item's records and state belong to.
int partition_of(const std::string& item) {
  return kafka_partition_of(item, partitions);
}

/// An item whose partition `owner` owns, as `view` says.
std::string item_owned_by(const cluster_view& view, const std::string& owner,
                          const std::map<std::string, int64_t>& stocks) {
  for (auto& [item, stock] : stocks)
    if (view.owners.at(partition_of(item)).count(owner) == 1)
      return item;
  FAIL("no item of " << owner);
  return {};
}

/// Two members of one group over the dev cluster, fed keyed transactions.
struct two_members {
  std::string group = test::unique_group_id();
  // The inventory reads transactions and queries: co-partitioned.
  test::dev_kafka kafka{{{cluster_input_topic, partitions},
                         {"query.input.log.1", partitions},
                         {"query.output.log.1", 1},
                         {"transaction.output.log.1", 4},
                         {"eddy.dead.letters", 1},
                         {group + ".members", 1}}};
  std::vector<item_transaction> txs =
      test::generated_transactions(4000, 100, 5);
  test::temp_dir dir_a;
  test::temp_dir dir_b;
  std::unique_ptr<test::eddy_process> a;
  std::unique_ptr<test::eddy_process> b;

  test::job_tester::overrides extra;

  /// Starts eddy-a, and eddy-b unless `only_a`, each with `extra` settings.
  explicit two_members(bool only_a = false,
                       test::job_tester::overrides more = {})
      : extra(std::move(more)) {
    // Keyed by item: Eddy's producer places keys as Java's does (murmur2).
    test::produce_transactions(kafka.bootstrap_servers(), txs);
    a = start("eddy-a", dir_a);
    if (!only_a)
      b = start("eddy-b", dir_b);
  }

  std::unique_ptr<test::eddy_process> start(const std::string& instance,
                                            const test::temp_dir& dir) {
    // Longer than the test waits: a member that leaves is gone because it
    // said so.
    auto all = test::member_settings(kafka.bootstrap_servers(), group, instance,
                                     "600000");
    all.insert(all.end(), extra.begin(), extra.end());
    return std::make_unique<test::eddy_process>(dir.path(), all);
  }
};

/// The first `n` of `txs`.
std::vector<item_transaction> first(const std::vector<item_transaction>& txs,
                                    size_t n) {
  return {txs.begin(), txs.begin() + static_cast<ptrdiff_t>(n)};
}

} // namespace

TEST_CASE("a member that joins rebuilds the state of the partitions it takes, "
          "and one that stops hands them back: every stock equals the "
          "reference at each step, and each transaction has one result") {
  // Exactly once: each member writes its own transactions.
  two_members cluster{true, {{"sink.kafka.exactly_once", "true"}}};
  // The fixture's 4000 transactions, then 4000 more twice (the generator
  // makes a transaction from its index: the first 4000 are the fixture's).
  auto all = test::generated_transactions(12000, 100, 5);
  REQUIRE(first(all, 4000).back().transaction_id ==
          cluster.txs.back().transaction_id);
  auto& a = *cluster.a;
  auto produce = [&](size_t from, size_t to) {
    test::produce_transactions(cluster.kafka.bootstrap_servers(),
                               {all.begin() + static_cast<ptrdiff_t>(from),
                                all.begin() + static_cast<ptrdiff_t>(to)});
  };
  auto expected_after = [&](size_t n) {
    return test::reference_run{first(all, n)}.stock;
  };
  CHECK(test::await_stocks(a.port(), expected_after(4000)) == "");
  test::await_committed(cluster.kafka.bootstrap_servers(), cluster.group,
                        partitions, 4000);

  cluster.b = cluster.start("eddy-b", cluster.dir_b);
  auto& b = *cluster.b;
  REQUIRE(splits_among(wait_for_split(a.port(), {"eddy-a", "eddy-b"}),
                       {"eddy-a", "eddy-b"}));
  REQUIRE(splits_among(wait_for_split(b.port(), {"eddy-a", "eddy-b"}),
                       {"eddy-a", "eddy-b"}));
  produce(4000, 8000);
  for (auto port : {a.port(), b.port()})
    CHECK_MESSAGE(test::await_stocks(port, expected_after(8000)) == "",
                  "asked on port " << port);

  REQUIRE(b.stop());
  cluster.b.reset();
  REQUIRE(splits_among(wait_for_split(a.port(), {"eddy-a"}), {"eddy-a"}));
  produce(8000, 12000);
  CHECK(test::await_stocks(a.port(), expected_after(12000)) == "");

  // One more than there are, to see that no result came twice.
  auto results =
      test::read_messages(cluster.kafka.bootstrap_servers(),
                          {"transaction.output.log.1"}, all.size() + 1, 10s);
  CHECK(results.size() == all.size());
  auto reference = test::reference_run{all};
  std::set<int64_t> seen;
  for (auto& message : results) {
    auto result = parse_transaction_result(message.payload);
    REQUIRE_MESSAGE(result, message.payload);
    auto id = result->transaction.transaction_id;
    CHECK_MESSAGE(seen.insert(id).second, "a second result of " << id);
    CHECK_MESSAGE(result->success == reference.success.at(id), id);
  }
}

TEST_CASE("two eddy processes of one group both list both on /v1/cluster, "
          "the input split between them, and one that stops leaves it") {
  two_members cluster;
  auto& a = *cluster.a;
  for (auto port : {a.port(), cluster.b->port()}) {
    auto view = wait_for_split(port, {"eddy-a", "eddy-b"});
    CHECK_MESSAGE(splits_among(view, {"eddy-a", "eddy-b"}),
                  "members seen from port " << port << ": "
                                            << view.members.size());
    CHECK(view.urls["eddy-a"] ==
          "http://127.0.0.1:" + std::to_string(a.port()));
    CHECK(view.urls["eddy-b"] ==
          "http://127.0.0.1:" + std::to_string(cluster.b->port()));
  }

  REQUIRE(cluster.b->stop());
  cluster.b.reset();
  auto alone = wait_for_split(a.port(), {"eddy-a"});
  CHECK_MESSAGE(splits_among(alone, {"eddy-a"}),
                "members: " << alone.members.size()
                            << ", partitions owned: " << alone.owners.size());
}

TEST_CASE("every item reads the same on either member, answered by its "
          "owner, and a transaction posted to either is applied by the owner") {
  two_members cluster;
  auto& a = *cluster.a;
  auto& b = *cluster.b;
  auto view = wait_for_split(a.port(), {"eddy-a", "eddy-b"});
  REQUIRE(splits_among(view, {"eddy-a", "eddy-b"}));
  REQUIRE(splits_among(wait_for_split(b.port(), {"eddy-a", "eddy-b"}),
                       {"eddy-a", "eddy-b"}));
  auto expected = test::reference_run{cluster.txs}.stock;
  auto taken = [&] { return a.records_processed() + b.records_processed(); };
  for (int i = 0; i < 600 && taken() < cluster.txs.size(); ++i)
    std::this_thread::sleep_for(100ms);
  REQUIRE(taken() == cluster.txs.size());

  std::string all_ids;
  for (auto& [item, stock] : expected)
    all_ids += (all_ids.empty() ? "" : ",") + item;
  for (auto port : {a.port(), b.port()}) {
    test::http_client http{"127.0.0.1", port};
    for (auto& known : expected) {
      auto reply = http.get("/v1/items/" + known.first);
      REQUIRE_MESSAGE(reply.status == 200, known.first << ": " << reply.body);
      CHECK(nlohmann::json::parse(reply.body).at("quantity") == known.second);
    }
    // A batch of items of both members, answered in the order asked.
    auto batch = http.get("/v1/items?ids=" + all_ids + ",item_never");
    REQUIRE_MESSAGE(batch.status == 200, batch.body);
    auto body = nlohmann::json::parse(batch.body);
    REQUIRE(body.at("items").size() == expected.size());
    auto listed = body.at("items").begin();
    for (auto& [item, stock] : expected) {
      CHECK(listed->at("itemId") == item);
      CHECK(listed->at("quantity") == stock);
      ++listed;
    }
    CHECK(body.at("missing") == nlohmann::json::array({"item_never"}));
  }

  // Asked of the other member, b's item is answered by b, so it says.
  auto of_b = item_owned_by(view, "eddy-b", expected);
  test::http_client via_a{"127.0.0.1", a.port()};
  auto state = via_a.get("/v1/jobs/inventory/state/" + of_b);
  REQUIRE_MESSAGE(state.status == 200, state.body);
  CHECK(state.headers["Eddy-Served-By"] == "eddy-b");
  CHECK(nlohmann::json::parse(state.body).at("value") == expected.at(of_b));

  auto posted =
      via_a.post("/v1/transactions", R"({"transactionId":900001,"ts":5,)"
                                     R"("itemId":")" +
                                         of_b + R"(","quantity":7})");
  REQUIRE_MESSAGE(posted.status == 200, posted.body);
  CHECK(nlohmann::json::parse(posted.body).at("success") == true);
  test::http_client via_b{"127.0.0.1", b.port()};
  auto after = via_b.get("/v1/items/" + of_b);
  REQUIRE(after.status == 200);
  CHECK(nlohmann::json::parse(after.body).at("quantity") ==
        expected.at(of_b) + 7);
}

TEST_CASE("in a cluster, a record on another partition than its item's is a "
          "dead letter saying so") {
  two_members cluster;
  // item_1's transaction, keyed so that it lands on another partition.
  std::string key = "misrouted";
  for (int i = 0; partition_of(key) == partition_of("item_1"); ++i)
    key = "misrouted-" + std::to_string(i);
  test::produce_messages(cluster.kafka.bootstrap_servers(), cluster_input_topic,
                         {key}, {"900002\t2\titem_1\t5"});
  auto letters = test::read_messages(cluster.kafka.bootstrap_servers(),
                                     {"eddy.dead.letters"}, 1, 60s);
  REQUIRE(letters.size() == 1);
  CHECK(letters[0].payload.find("misrouted_record") != std::string::npos);
  CHECK(letters[0].payload.find("item_1") != std::string::npos);
}

TEST_CASE("a key whose owner died answers 503 with Retry-After on the other "
          "member until the group moves its partition") {
  two_members cluster;
  auto view = wait_for_split(cluster.a->port(), {"eddy-a", "eddy-b"});
  REQUIRE(splits_among(view, {"eddy-a", "eddy-b"}));
  auto of_b =
      item_owned_by(view, "eddy-b", test::reference_run{cluster.txs}.stock);
  cluster.b->kill();
  test::http_client http{"127.0.0.1", cluster.a->port()};
  auto reply = http.get("/v1/items/" + of_b);
  CHECK(reply.status == 503);
  CHECK(reply.headers.count("Retry-After") == 1);
  CHECK(reply.body.find("did not answer") != std::string::npos);
}

TEST_CASE("a cluster refuses to start a job whose inputs have different "
          "partition counts, naming both topics") {
  auto group = test::unique_group_id();
  test::dev_kafka kafka{{{cluster_input_topic, 4}, {"query.input.log.1", 2}}};
  std::vector<std::string> args;
  for (auto& [key, value] :
       test::kafka_job_settings(kafka.bootstrap_servers(), group))
    args.insert(args.end(), {"--set", key + "=" + value});
  args.insert(args.end(), {"--set", "cluster.enabled=true", "--set",
                           "http.port=0", "--set", "generator.enabled=false"});
  auto run = test::run_eddy_to_exit(args);
  CHECK(run.exit_code != 0);
  CHECK(run.output.find("transaction.log.1") != std::string::npos);
  CHECK(run.output.find("query.input.log.1") != std::string::npos);
  CHECK(run.output.find("partitions") != std::string::npos);
}

TEST_CASE("the dashboard of a member shows both members sharing the input's "
          "partitions, then itself alone owning them once the other stops") {
  two_members cluster;
  auto screenshot = std::string{EDDY_ARTIFACT_DIR} + "/dashboard-cluster.png";
  std::filesystem::remove(screenshot);
  test::run_browser_script(
      "cluster.e2e.mjs",
      {"--url", "http://127.0.0.1:" + std::to_string(cluster.a->port()) + "/",
       "--self", "eddy-a", "--other", "eddy-b", "--other-pid",
       std::to_string(cluster.b->pid()),
       // The inventory's transactions and queries, 4 partitions each.
       "--partitions", "8", "--screenshot", screenshot},
      "cluster e2e: passed", 180s);
  CHECK_MESSAGE(std::filesystem::exists(screenshot),
                "no screenshot at " << screenshot);
}

TEST_CASE("clustering without a Kafka group stops start-up naming the key") {
  auto run = test::run_eddy_to_exit({"--set", "cluster.enabled=true", "--set",
                                     "kafka.bootstrap.servers=127.0.0.1:1",
                                     "--set", "http.port=0"});
  CHECK(run.exit_code != 0);
  CHECK(run.output.find("kafka.group.id") != std::string::npos);
}

TEST_CASE("a process without clustering says so on /v1/cluster and refuses "
          "to be posted to there") {
  test::temp_dir dir;
  test::eddy_process eddy{dir.path(), {}};
  test::http_client http{"127.0.0.1", eddy.port()};
  auto reply = http.get("/v1/cluster");
  REQUIRE(reply.status == 200);
  auto body = nlohmann::json::parse(reply.body);
  CHECK(body.at("enabled") == false);
  CHECK(body.at("members").empty());
  auto posted = http.post("/v1/cluster", "{}");
  CHECK(posted.status == 405);
  CHECK(posted.headers["Allow"].find("GET") != std::string::npos);
}
