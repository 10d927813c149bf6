// The Kafka consumer against the dev cluster: explicit commits, start
// offsets chosen on assignment, revocation before partitions go, with the
// eager and the cooperative rebalance protocols.
#include "connectors/kafka/consumer.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "connectors/kafka/producer.hpp"
#include "messages/error.hpp"
#include "tests/support/dev_kafka.hpp"
#include "tests/support/kafka_reader.hpp"

using namespace std::chrono_literals;

namespace eddy::test {

namespace {

// Sends `count` messages, each with its own key, which the partitioner
// spreads over the topic's partitions.
void produce(const std::string& bootstrap, const std::string& topic,
             int count) {
  auto producer = kafka_producer::make(test_kafka_properties(bootstrap));
  REQUIRE(producer);
  for (int i = 0; i < count; ++i)
    REQUIRE(
        producer->send(topic, "key_" + std::to_string(i), std::to_string(i)));
  REQUIRE(producer->flush(10s));
}

std::unique_ptr<kafka_consumer>
make_consumer(const kafka_properties& props, kafka_rebalance_callbacks cbs,
              const std::vector<std::string>& topics = {"events"}) {
  auto consumer = kafka_consumer::make(props, topics, std::move(cbs));
  if (!consumer)
    FAIL(describe(consumer.error()));
  return std::make_unique<kafka_consumer>(std::move(*consumer));
}

// Polls until `count` messages arrived or 30 s passed.
std::vector<kafka_message> poll_until(kafka_consumer& consumer, size_t count) {
  std::vector<kafka_message> result;
  auto deadline = std::chrono::steady_clock::now() + 30s;
  while (result.size() < count && std::chrono::steady_clock::now() < deadline) {
    auto batch = consumer.poll(count - result.size(), 100ms);
    REQUIRE(batch);
    for (auto& msg : *batch)
      result.push_back(std::move(msg));
  }
  return result;
}

// The first offset seen per partition.
std::map<int32_t, int64_t> first_offsets(const std::vector<kafka_message>& in) {
  std::map<int32_t, int64_t> result;
  for (auto& msg : in)
    result.try_emplace(msg.partition, msg.offset);
  return result;
}

// A group member that records its rebalances.
struct member {
  std::unique_ptr<kafka_consumer> consumer;
  std::set<source_partition> assigned;
  std::vector<std::vector<source_partition>> revocations;

  member(const kafka_properties& props) {
    consumer = make_consumer(
        props, {[this](const std::vector<source_partition>& parts) {
                  assigned.insert(parts.begin(), parts.end());
                  return std::map<source_partition, offset_t>{};
                },
                [this](const std::vector<source_partition>& parts) {
                  revocations.push_back(parts);
                  for (auto& part : parts)
                    assigned.erase(part);
                }});
  }

  void poll() { REQUIRE(consumer->poll(100, 50ms)); }
};

// Polls both members until they split all 4 partitions between them.
bool split_between(member& a, member& b) {
  auto deadline = std::chrono::steady_clock::now() + 40s;
  while (std::chrono::steady_clock::now() < deadline) {
    a.poll();
    b.poll();
    std::set<source_partition> both = a.assigned;
    both.insert(b.assigned.begin(), b.assigned.end());
    if (!a.assigned.empty() && !b.assigned.empty() && both.size() == 4 &&
        a.assigned.size() + b.assigned.size() == 4)
      return true;
  }
  return false;
}

// Polls `m` until it holds `n` partitions.
bool wait_for_assignment(member& m, size_t n) {
  auto deadline = std::chrono::steady_clock::now() + 30s;
  while (m.assigned.size() != n && std::chrono::steady_clock::now() < deadline)
    m.poll();
  return m.assigned.size() == n;
}

} // namespace

TEST_CASE("a new consumer in the group resumes after the committed offsets") {
  dev_kafka kafka{{{"events", 2}}};
  produce(kafka.bootstrap_servers(), "events", 100);
  auto props =
      test_kafka_properties(kafka.bootstrap_servers(), unique_group_id());
  auto first = make_consumer(props, {});
  REQUIRE(poll_until(*first, 100).size() == 100);
  REQUIRE(first->commit({{{"events", 0}, 3}, {{"events", 1}, 7}}));
  first->close();
  auto second = make_consumer(props, {});
  auto resumed = first_offsets(poll_until(*second, 100 - 10));
  CHECK(resumed == std::map<int32_t, int64_t>{{0, 3}, {1, 7}});
  second->close();
}

TEST_CASE("committed answers the offsets the group committed") {
  dev_kafka kafka{{{"events", 2}}};
  produce(kafka.bootstrap_servers(), "events", 20);
  auto props =
      test_kafka_properties(kafka.bootstrap_servers(), unique_group_id());
  auto consumer = make_consumer(props, {});
  REQUIRE(poll_until(*consumer, 20).size() == 20);
  REQUIRE(consumer->commit({{{"events", 1}, 2}}));
  auto committed = consumer->committed({{"events", 0}, {"events", 1}}, 10s);
  REQUIRE(committed);
  CHECK(*committed == position_map{{{"events", 1}, 2}});
  consumer->close();
}

TEST_CASE("reading starts at the offsets on_assigned answers, elsewhere at "
          "the earliest") {
  dev_kafka kafka{{{"events", 2}}};
  produce(kafka.bootstrap_servers(), "events", 100);
  auto props =
      test_kafka_properties(kafka.bootstrap_servers(), unique_group_id());
  auto consumer = make_consumer(
      props, {[](const std::vector<source_partition>&) {
                return std::map<source_partition, offset_t>{{{"events", 0}, 5}};
              },
              {}});
  auto read = first_offsets(poll_until(*consumer, 100 - 5));
  CHECK(read == std::map<int32_t, int64_t>{{0, 5}, {1, 0}});
  consumer->close();
}

TEST_CASE("a commit made in on_revoked while closing is kept by the group") {
  dev_kafka kafka{{{"events", 1}}};
  produce(kafka.bootstrap_servers(), "events", 10);
  auto props =
      test_kafka_properties(kafka.bootstrap_servers(), unique_group_id());
  kafka_consumer* self = nullptr;
  std::vector<source_partition> revoked;
  auto consumer = make_consumer(
      props, {{}, [&](const std::vector<source_partition>& parts) {
                revoked = parts;
                REQUIRE(self->commit({{{"events", 0}, 10}}));
              }});
  self = consumer.get();
  REQUIRE(poll_until(*consumer, 10).size() == 10);
  consumer->close();
  CHECK(revoked == std::vector<source_partition>{{"events", 0}});
  auto reader = make_consumer(props, {}, {});
  auto committed = reader->committed({{"events", 0}}, 10s);
  REQUIRE(committed);
  CHECK(*committed == position_map{{{"events", 0}, 10}});
}

TEST_CASE("with the eager protocol a joining member makes the first revoke "
          "everything and the two split the topic") {
  dev_kafka kafka{{{"events", 4}}};
  auto props =
      test_kafka_properties(kafka.bootstrap_servers(), unique_group_id());
  props["partition.assignment.strategy"] = "range";
  member a{props};
  REQUIRE(wait_for_assignment(a, 4));
  member b{props};
  REQUIRE(split_between(a, b));
  REQUIRE(!a.revocations.empty());
  CHECK(a.revocations.front().size() == 4);
}

TEST_CASE("with the cooperative protocol a joining member takes partitions "
          "the first revokes one by one, not all") {
  dev_kafka kafka{{{"events", 4}}};
  auto props =
      test_kafka_properties(kafka.bootstrap_servers(), unique_group_id());
  props["partition.assignment.strategy"] = "cooperative-sticky";
  member a{props};
  REQUIRE(wait_for_assignment(a, 4));
  member b{props};
  REQUIRE(split_between(a, b));
  REQUIRE(!a.revocations.empty());
  CHECK(a.revocations.front().size() < 4);
}

TEST_CASE("a consumer without group.id is refused, naming the property") {
  auto consumer = kafka_consumer::make({{"bootstrap.servers", "127.0.0.1:1"}},
                                       {"events"}, {});
  REQUIRE(!consumer);
  CHECK(consumer.error() == ec::invalid_config);
  CHECK(describe(consumer.error()).find("group.id") != std::string::npos);
}

TEST_CASE("lag counts the messages after the last one polled") {
  dev_kafka kafka{{{"events", 1}}};
  produce(kafka.bootstrap_servers(), "events", 10);
  auto props =
      test_kafka_properties(kafka.bootstrap_servers(), unique_group_id());
  auto consumer = make_consumer(props, {});
  REQUIRE(poll_until(*consumer, 4).size() == 4);
  CHECK(consumer->lag() ==
        std::map<source_partition, int64_t>{{{"events", 0}, 6}});
  consumer->close();
}

TEST_CASE("offsets span every partition's messages, even before any poll") {
  dev_kafka kafka{{{"events", 2}}};
  produce(kafka.bootstrap_servers(), "events", 10);
  auto consumer = make_consumer(
      test_kafka_properties(kafka.bootstrap_servers(), unique_group_id()), {});
  auto offsets = consumer->offsets("events", 10s);
  REQUIRE(offsets);
  REQUIRE(offsets->size() == 2);
  int64_t total = 0;
  for (auto& [part, range] : *offsets) {
    CHECK(range.begin == 0);
    total += range.end - range.begin;
  }
  CHECK(total == 10);
}

TEST_CASE("offsets fail naming the topic when no broker answers") {
  auto consumer = make_consumer(
      test_kafka_properties("127.0.0.1:1", unique_group_id()), {});
  auto offsets = consumer->offsets("events", 1s);
  REQUIRE_FALSE(offsets);
  CHECK(offsets.error() == ec::connector_failure);
  CHECK(describe(offsets.error()).find("topic 'events'") != std::string::npos);
}

TEST_CASE("the position is the offset after the last message polled") {
  dev_kafka kafka{{{"events", 1}}};
  produce(kafka.bootstrap_servers(), "events", 10);
  auto consumer = make_consumer(
      test_kafka_properties(kafka.bootstrap_servers(), unique_group_id()), {});
  REQUIRE(poll_until(*consumer, 10).size() == 10);
  CHECK(consumer->positions() == position_map{{{"events", 0}, 10}});
  consumer->close();
}

} // namespace eddy::test
