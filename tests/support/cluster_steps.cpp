// What tests of several eddy processes in one group share.
#include "tests/support/cluster_steps.hpp"

#include <chrono>
#include <thread>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "connectors/kafka/consumer.hpp"
#include "messages/error.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/inventory_reference.hpp"
#include "tests/support/kafka_reader.hpp"

namespace eddy::test {

using namespace std::chrono_literals;

cluster_view view_of(uint16_t port) {
  http_client http{"127.0.0.1", port};
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
      if (p.at("topic") == cluster_input_topic)
        view.owners[p.at("partition").get<int>()].insert(name);
  }
  return view;
}

bool splits_among(const cluster_view& view,
                  const std::set<std::string>& members, int partitions) {
  if (view.members != members ||
      view.owners.size() != static_cast<size_t>(partitions))
    return false;
  for (auto& [partition, owners] : view.owners)
    if (owners.size() != 1 || members.count(*owners.begin()) == 0)
      return false;
  return true;
}

cluster_view wait_for_split(uint16_t port, const std::set<std::string>& members,
                            int partitions) {
  auto view = view_of(port);
  for (int i = 0; i < 600 && !splits_among(view, members, partitions); ++i) {
    std::this_thread::sleep_for(100ms);
    view = view_of(port);
  }
  return view;
}

std::string await_stocks(uint16_t port,
                         const std::map<std::string, int64_t>& expected) {
  std::string ids;
  for (auto& [item, stock] : expected)
    ids += (ids.empty() ? "" : ",") + item;
  http_client http{"127.0.0.1", port};
  std::string difference;
  for (int i = 0; i < 600; ++i) {
    auto reply = http.get("/v1/items?ids=" + ids);
    difference = reply.status == 200 ? "" : reply.body;
    if (reply.status == 200) {
      // A local: a range-for over a member of a temporary outlives it.
      auto body = nlohmann::json::parse(reply.body);
      for (auto& listed : body.at("items")) {
        auto item = listed.at("itemId").get<std::string>();
        if (listed.at("quantity") != expected.at(item))
          difference += item + " is " + listed.at("quantity").dump() +
                        ", not " + std::to_string(expected.at(item)) + "; ";
      }
    }
    if (difference.empty())
      return {};
    std::this_thread::sleep_for(100ms);
  }
  return difference;
}

void await_committed(const std::string& bootstrap, const std::string& group,
                     int partitions, int64_t count) {
  auto consumer = kafka_consumer::make(test_kafka_properties(bootstrap, group),
                                       std::vector<std::string>{}, {});
  REQUIRE(consumer);
  std::vector<source_partition> parts;
  for (int32_t p = 0; p < partitions; ++p)
    parts.push_back({cluster_input_topic, p});
  offset_t committed = 0;
  for (int i = 0; i < 600; ++i) {
    auto offsets = consumer->committed(parts, 10s);
    REQUIRE_MESSAGE(offsets, describe(offsets.error()));
    committed = 0;
    for (auto& [part, next] : *offsets)
      committed += next;
    if (committed == count)
      return;
    std::this_thread::sleep_for(100ms);
  }
  FAIL("the group committed " << committed << " of " << count << " records");
}

settings_list member_settings(const std::string& bootstrap,
                              const std::string& group,
                              const std::string& instance,
                              const std::string& member_timeout_ms) {
  auto all = kafka_job_settings(bootstrap, group);
  all.insert(all.end(), {{"cluster.enabled", "true"},
                         {"instance.name", instance},
                         {"cluster.announce.interval.ms", "200"},
                         {"cluster.member.timeout.ms", member_timeout_ms},
                         {"query.results.sink", "none"}});
  return all;
}

} // namespace eddy::test
