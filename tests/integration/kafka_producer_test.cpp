// The Kafka producer against the dev cluster: messages arrive keyed and in
// order, failed deliveries and bad properties are reported, never dropped.
#include "connectors/kafka/producer.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "messages/error.hpp"
#include "tests/support/dev_kafka.hpp"
#include "tests/support/kafka_reader.hpp"

using namespace std::chrono_literals;

namespace eddy::test {

namespace {

kafka_producer make_producer(const kafka_properties& props) {
  auto producer = kafka_producer::make(props);
  if (!producer)
    FAIL(describe(producer.error()));
  return std::move(*producer);
}

// 20 keys, 20 messages each; the payload says "key:sequence".
void produce_keyed(kafka_producer& producer, const std::string& topic) {
  for (int seq = 0; seq < 20; ++seq)
    for (int k = 0; k < 20; ++k) {
      auto key = "key_" + std::to_string(k);
      REQUIRE(producer.send(topic, key, key + ":" + std::to_string(seq)));
    }
}

} // namespace

TEST_CASE("messages sent to a 4-partition topic are consumed with their keys "
          "and in order within each partition") {
  dev_kafka kafka{{{"events", 4}}};
  auto producer =
      make_producer(test_kafka_properties(kafka.bootstrap_servers()));
  produce_keyed(producer, "events");
  REQUIRE(producer.flush(10s));
  CHECK(producer.delivered() == 400);
  auto messages = read_messages(kafka.bootstrap_servers(), {"events"}, 400);
  REQUIRE(messages.size() == 400);
  std::map<std::string, int> next_seq;
  std::map<std::string, int32_t> partition_of;
  std::map<int32_t, int64_t> next_offset;
  for (auto& msg : messages) {
    auto colon = msg.payload.find(':');
    CHECK(msg.payload.substr(0, colon) == msg.key);
    CHECK(std::stoi(msg.payload.substr(colon + 1)) == next_seq[msg.key]++);
    CHECK(partition_of.try_emplace(msg.key, msg.partition).first->second ==
          msg.partition);
    CHECK(msg.offset == next_offset[msg.partition]++);
  }
  CHECK(next_offset.size() == 4); // the keys spread over every partition
}

TEST_CASE("flush reports messages that could not be delivered, naming the "
          "topic") {
  dev_kafka kafka{{{"events", 1}}};
  auto props = test_kafka_properties(kafka.bootstrap_servers());
  props["message.timeout.ms"] = "1000";
  auto producer = make_producer(props);
  kafka.stop();
  REQUIRE(producer.send("events", "k", "lost"));
  auto flushed = producer.flush(10s);
  REQUIRE(!flushed);
  CHECK(flushed.error() == ec::connector_failure);
  CHECK_MESSAGE(describe(flushed.error()).find("topic events") !=
                    std::string::npos,
                describe(flushed.error()));
  CHECK(producer.failed() == 1);
}

TEST_CASE("a failed delivery is reported by one flush, not by the next") {
  dev_kafka kafka{{{"events", 1}}};
  auto props = test_kafka_properties(kafka.bootstrap_servers());
  props["message.timeout.ms"] = "1000";
  auto producer = make_producer(props);
  kafka.stop();
  REQUIRE(producer.send("events", "k", "lost"));
  REQUIRE(!producer.flush(10s));
  CHECK(producer.flush(10s));
}

TEST_CASE("a property librdkafka does not know fails make, naming it") {
  auto producer = kafka_producer::make(
      {{"bootstrap.servers", "127.0.0.1:1"}, {"no.such.property", "1"}});
  REQUIRE(!producer);
  CHECK(producer.error() == ec::invalid_config);
  CHECK(describe(producer.error()).find("no.such.property") !=
        std::string::npos);
}

TEST_CASE("a property with an invalid value fails make, naming it") {
  auto producer = kafka_producer::make(
      {{"bootstrap.servers", "127.0.0.1:1"}, {"linger.ms", "soon"}});
  REQUIRE(!producer);
  CHECK(producer.error() == ec::invalid_config);
  CHECK(describe(producer.error()).find("linger.ms") != std::string::npos);
}

TEST_CASE("a full local queue makes send wait instead of failing") {
  dev_kafka kafka{{{"events", 1}}};
  auto props = test_kafka_properties(kafka.bootstrap_servers());
  props["queue.buffering.max.messages"] = "10";
  auto producer = make_producer(props);
  for (int i = 0; i < 1000; ++i)
    REQUIRE(producer.send("events", "", std::to_string(i)));
  REQUIRE(producer.flush(10s));
  CHECK(producer.delivered() == 1000);
}

} // namespace eddy::test
