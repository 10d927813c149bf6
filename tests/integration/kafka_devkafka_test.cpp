// eddy-devkafka, the dev Kafka cluster, as scripts and tests use it: the
// bootstrap line, fixed ports, several brokers, clean stop, bad arguments.
#include "tests/support/dev_kafka.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <string>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "connectors/kafka/producer.hpp"
#include "messages/error.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/kafka_reader.hpp"

using namespace std::chrono_literals;

namespace eddy::test {

namespace {

// A loopback port nobody listens on right now.
uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&sin), sizeof(sin)) == 0);
  socklen_t len = sizeof(sin);
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&sin), &len) == 0);
  ::close(fd);
  return ntohs(sin.sin_port);
}

// Sends one message to `topic` and reads it back.
bool round_trip(const dev_kafka& kafka, const std::string& topic) {
  auto producer =
      kafka_producer::make(test_kafka_properties(kafka.bootstrap_servers()));
  REQUIRE(producer);
  REQUIRE(producer->send(topic, "k", "hello"));
  REQUIRE(producer->flush(10s));
  auto got = read_messages(kafka.bootstrap_servers(), {topic}, 1);
  return got.size() == 1 && got.front().payload == "hello";
}

// The exit code of `child` once it exited within `timeout`, -1 otherwise.
int exit_code(child_process& child, std::chrono::milliseconds timeout) {
  if (!child.wait(timeout) || !child.exit_status() ||
      !WIFEXITED(*child.exit_status()))
    return -1;
  return WEXITSTATUS(*child.exit_status());
}

} // namespace

TEST_CASE("eddy-devkafka listens on the port it is given") {
  auto port = free_port();
  dev_kafka kafka{{{"events", 2}}, port};
  CHECK(kafka.bootstrap_servers() == "127.0.0.1:" + std::to_string(port));
  CHECK(round_trip(kafka, "events"));
}

TEST_CASE("eddy-devkafka with three brokers announces all three and serves "
          "topics spread over them") {
  dev_kafka kafka{{{"events", 6}}, 0, 3};
  auto servers = kafka.bootstrap_servers();
  CHECK(std::count(servers.begin(), servers.end(), ',') == 2);
  CHECK(round_trip(kafka, "events"));
}

TEST_CASE("eddy-devkafka exits with status 0 on SIGTERM") {
  child_process devkafka{dev_kafka::program(), {"--topic", "events:1"}};
  REQUIRE(devkafka.read_line(10s));
  devkafka.signal(SIGTERM);
  CHECK(exit_code(devkafka, 10s) == 0);
}

TEST_CASE("eddy-devkafka refuses a topic without a partition count") {
  child_process devkafka{dev_kafka::program(), {"--topic", "events"}};
  CHECK(exit_code(devkafka, 10s) == 2);
  CHECK(!devkafka.read_line(1s));
}

TEST_CASE("eddy-devkafka refuses a request failure with an unknown error") {
  child_process devkafka{dev_kafka::program(),
                         {"--fail-request", "EndTxn:NO_SUCH_ERROR"}};
  CHECK(exit_code(devkafka, 10s) == 2);
  CHECK(!devkafka.read_line(1s));
}

TEST_CASE("eddy-devkafka answers the request it is told to fail with the "
          "error given") {
  dev_kafka kafka{
      {{"events", 1}}, 0, 1, {{"Produce", "TOPIC_AUTHORIZATION_FAILED"}}};
  auto producer =
      kafka_producer::make(test_kafka_properties(kafka.bootstrap_servers()));
  REQUIRE(producer);
  REQUIRE(producer->send("events", "k", "refused"));
  auto flushed = producer->flush(10s);
  REQUIRE(!flushed);
  CHECK_MESSAGE(describe(flushed.error()).find("authoriz") != std::string::npos,
                describe(flushed.error()));
}

TEST_CASE("eddy-devkafka refuses a port that is taken, naming it") {
  auto port = free_port();
  dev_kafka first{{}, port};
  child_process second{dev_kafka::program(), {"--port", std::to_string(port)}};
  CHECK(exit_code(second, 10s) == 1);
}

} // namespace eddy::test
