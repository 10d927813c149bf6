// Test clients of the dev Kafka cluster.
#include "tests/support/kafka_reader.hpp"

#include <atomic>
#include <chrono>
#include <stdexcept>

#include <doctest/doctest.h>
#include <unistd.h>

#include "connectors/kafka/producer.hpp"
#include "messages/error.hpp"

namespace eddy::test {

kafka_properties test_kafka_properties(const std::string& bootstrap_servers,
                                       const std::string& group_id) {
  kafka_properties props{{"bootstrap.servers", bootstrap_servers}};
  if (!group_id.empty()) {
    props["group.id"] = group_id;
    props["session.timeout.ms"] = "6000";
    props["heartbeat.interval.ms"] = "500";
  }
  return props;
}

std::string unique_group_id() {
  static std::atomic<int> next{0};
  return "test-group-" + std::to_string(getpid()) + "-" +
         std::to_string(next++);
}

std::vector<kafka_message> read_messages(const std::string& bootstrap_servers,
                                         const std::vector<std::string>& topics,
                                         size_t count,
                                         std::chrono::milliseconds timeout,
                                         isolation level) {
  auto props = test_kafka_properties(bootstrap_servers, unique_group_id());
  props["isolation.level"] = level == isolation::read_committed
                                 ? "read_committed"
                                 : "read_uncommitted";
  auto consumer = kafka_consumer::make(props, topics, {});
  if (!consumer)
    throw std::runtime_error("cannot make a test consumer: " +
                             describe(consumer.error()));
  std::vector<kafka_message> result;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (result.size() < count && std::chrono::steady_clock::now() < deadline) {
    auto batch =
        consumer->poll(count - result.size(), std::chrono::milliseconds{100});
    if (!batch)
      throw std::runtime_error("test consumer failed: " +
                               describe(batch.error()));
    for (auto& msg : *batch)
      result.push_back(std::move(msg));
  }
  consumer->close();
  return result;
}

void produce_messages(const std::string& bootstrap_servers,
                      const std::string& topic,
                      const std::vector<std::string>& keys,
                      const std::vector<std::string>& payloads) {
  auto producer =
      kafka_producer::make(test_kafka_properties(bootstrap_servers));
  REQUIRE(producer);
  for (size_t i = 0; i < payloads.size(); ++i)
    REQUIRE(producer->send(topic, keys[i], payloads[i]));
  REQUIRE(producer->flush(std::chrono::seconds{60}));
}

} // namespace eddy::test
