// A member's announcement reads back as written; a malformed one is refused
// naming what is wrong.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "messages/cluster_json.hpp"
#include "messages/error.hpp"

using namespace eddy;

TEST_CASE("a cluster member reads back as it was announced, an unknown lag "
          "as null") {
  cluster_member member{"eddy-a",
                        "http://10.0.0.7:8080",
                        1765000000000,
                        {{"inventory", "transaction.log.1", 2, 17},
                         {"inventory", "transaction.log.1", 3, unknown_lag}}};
  auto json = to_json(member);
  CHECK(json["partitions"][1]["lag"].is_null());
  auto back = read_cluster_member(json.dump());
  REQUIRE(back);
  CHECK(back->instance == "eddy-a");
  CHECK(back->url == "http://10.0.0.7:8080");
  CHECK(back->announced_at_ms == 1765000000000);
  REQUIRE(back->partitions.size() == 2);
  CHECK(back->partitions[0].lag == 17);
  CHECK(back->partitions[1].partition == 3);
  CHECK(back->partitions[1].lag == unknown_lag);
}

TEST_CASE("a malformed announcement is refused naming what is wrong") {
  auto not_json = read_cluster_member("{\"instance\":");
  REQUIRE_FALSE(not_json);
  CHECK(not_json.error() == ec::malformed_record);
  auto no_url = read_cluster_member(
      R"({"instance":"a","announcedAt":1,"partitions":[]})");
  REQUIRE_FALSE(no_url);
  CHECK(describe(no_url.error()).find("url") != std::string::npos);
}

TEST_CASE("the cluster's status marks this process among its members") {
  cluster_status status{true,
                        "g",
                        "eddy-b",
                        {{"eddy-a", "u-a", 1, {}}, {"eddy-b", "u-b", 2, {}}}};
  auto json = to_json(status);
  CHECK(json["group"] == "g");
  CHECK(json["members"][0]["self"] == false);
  CHECK(json["members"][1]["self"] == true);
}
