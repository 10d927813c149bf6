// Several Eddy processes of one Kafka group: each announces itself on the
// group's members topic, and GET /v1/cluster on any of them lists them all,
// with the input partitions each owns.
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/support/dev_kafka.hpp"
#include "tests/support/eddy_process.hpp"
#include "tests/support/inventory_reference.hpp"
#include "tests/support/kafka_reader.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {

constexpr auto input_topic = "transaction.log.1";

/// Who owns which partition of the input, as /v1/cluster on `port` says.
struct cluster_view {
  std::set<std::string> members;
  std::map<int, std::set<std::string>> owners; // input partition -> members
  std::map<std::string, std::string> urls;
};

cluster_view view_of(uint16_t port) {
  test::http_client http{"127.0.0.1", port};
  auto reply = http.get("/v1/cluster");
  REQUIRE(reply.status == 200);
  auto body = nlohmann::json::parse(reply.body);
  REQUIRE(body.at("enabled") == true);
  cluster_view view;
  for (auto& member : body.at("members")) {
    auto name = member.at("instance").get<std::string>();
    view.members.insert(name);
    view.urls[name] = member.at("url").get<std::string>();
    for (auto& p : member.at("partitions"))
      if (p.at("topic") == input_topic)
        view.owners[p.at("partition").get<int>()].insert(name);
  }
  return view;
}

/// Whether each of the input's 4 partitions has exactly one owner, one of
/// `members`, and `members` are all the members.
bool splits_among(const cluster_view& view,
                  const std::set<std::string>& members) {
  if (view.members != members || view.owners.size() != 4)
    return false;
  for (auto& [partition, owners] : view.owners)
    if (owners.size() != 1 || members.count(*owners.begin()) == 0)
      return false;
  return true;
}

/// Waits up to a minute (rebalances of the dev cluster take seconds) for
/// /v1/cluster on `port` to show the input split among `members`.
cluster_view wait_for_split(uint16_t port,
                            const std::set<std::string>& members) {
  auto view = view_of(port);
  for (int i = 0; i < 600 && !splits_among(view, members); ++i) {
    std::this_thread::sleep_for(100ms);
    view = view_of(port);
  }
  return view;
}

} // namespace

TEST_CASE("two eddy processes of one group both list both on /v1/cluster, "
          "the input split between them, and one that stops leaves it") {
  auto group = test::unique_group_id();
  test::dev_kafka kafka{{{input_topic, 4},
                         {"query.input.log.1", 1},
                         {"query.output.log.1", 1},
                         {"transaction.output.log.1", 4},
                         {"eddy.dead.letters", 1},
                         {group + ".members", 1}}};
  test::produce_transactions(kafka.bootstrap_servers(),
                             test::generated_transactions(4000, 100, 5));
  test::temp_dir dir_a;
  test::temp_dir dir_b;
  auto settings = [&](const std::string& instance) {
    auto all = test::kafka_job_settings(kafka.bootstrap_servers(), group);
    all.insert(all.end(), {{"cluster.enabled", "true"},
                           {"instance.name", instance},
                           {"cluster.announce.interval.ms", "200"},
                           // Longer than the test waits: a member that
                           // leaves is gone because it said so.
                           {"cluster.member.timeout.ms", "600000"},
                           {"query.results.sink", "none"}});
    return all;
  };
  test::eddy_process a{dir_a.path(), settings("eddy-a")};
  auto b =
      std::make_unique<test::eddy_process>(dir_b.path(), settings("eddy-b"));

  for (auto port : {a.port(), b->port()}) {
    auto view = wait_for_split(port, {"eddy-a", "eddy-b"});
    CHECK_MESSAGE(splits_among(view, {"eddy-a", "eddy-b"}),
                  "members seen from port " << port << ": "
                                            << view.members.size());
    CHECK(view.urls["eddy-a"] ==
          "http://127.0.0.1:" + std::to_string(a.port()));
    CHECK(view.urls["eddy-b"] ==
          "http://127.0.0.1:" + std::to_string(b->port()));
  }

  REQUIRE(b->stop());
  b.reset();
  auto alone = wait_for_split(a.port(), {"eddy-a"});
  CHECK_MESSAGE(splits_among(alone, {"eddy-a"}),
                "members: " << alone.members.size()
                            << ", partitions owned: " << alone.owners.size());
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
