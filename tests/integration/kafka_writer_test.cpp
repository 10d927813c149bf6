// The Kafka sink's writer against the dev cluster: one keyed message per
// record, and a flush that fails whenever one of its deliveries failed.
#include "connectors/kafka/kafka_writer.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "messages/error.hpp"
#include "tests/support/dev_kafka.hpp"
#include "tests/support/kafka_reader.hpp"

using namespace std::chrono_literals;

namespace eddy::test {

namespace {

using item = std::pair<std::string, int>; // key, value

kafka_writer<item>::formatter item_format = [](const item& x, std::string& key,
                                               std::string& payload) {
  key = x.first;
  payload = std::to_string(x.second);
};

// Deliveries give up after `timeout_ms`: short where a test waits for a
// failure, long enough elsewhere that a loaded machine does not fail them.
std::shared_ptr<kafka_producer> make_producer(const dev_kafka& kafka,
                                              int timeout_ms = 30000) {
  auto props = test_kafka_properties(kafka.bootstrap_servers());
  props["message.timeout.ms"] = std::to_string(timeout_ms);
  auto producer = kafka_producer::make(props);
  if (!producer)
    FAIL(describe(producer.error()));
  return std::make_shared<kafka_producer>(std::move(*producer));
}

} // namespace

TEST_CASE("a Kafka writer sends each record as one message with the key and "
          "payload the formatter made") {
  dev_kafka kafka{{{"out", 1}}};
  kafka_writer<item> writer{make_producer(kafka), "out", item_format};
  REQUIRE(writer.write({{"a", 1}, {"b", 2}, {"a", 3}}));
  REQUIRE(writer.flush());
  auto messages = read_messages(kafka.bootstrap_servers(), {"out"}, 3);
  REQUIRE(messages.size() == 3);
  std::vector<item> got;
  for (auto& msg : messages)
    got.emplace_back(msg.key, std::stoi(msg.payload));
  CHECK(got == std::vector<item>{{"a", 1}, {"b", 2}, {"a", 3}});
}

TEST_CASE("a Kafka writer's flush fails, naming the topic, when a delivery "
          "failed") {
  dev_kafka kafka{{{"out", 1}}};
  kafka_writer<item> writer{make_producer(kafka, 1000), "out", item_format};
  kafka.stop();
  REQUIRE(writer.write({{"a", 1}}));
  auto flushed = writer.flush();
  REQUIRE(!flushed);
  CHECK(flushed.error() == ec::connector_failure);
  CHECK(describe(flushed.error()).find("topic out") != std::string::npos);
}

TEST_CASE("a writer whose delivery failed is told so even when another "
          "writer of the same producer flushed first") {
  dev_kafka kafka{{{"out", 1}, {"other", 1}}};
  auto producer = make_producer(kafka, 1000);
  kafka_writer<item> mine{producer, "out", item_format};
  kafka_writer<item> theirs{producer, "other", item_format};
  kafka.stop();
  REQUIRE(mine.write({{"a", 1}}));
  REQUIRE(theirs.write({}));
  REQUIRE(!theirs.flush()); // it was told about the failure first
  CHECK(!mine.flush());
}

} // namespace eddy::test
