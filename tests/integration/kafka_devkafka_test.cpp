// eddy-devkafka, the dev Kafka cluster, as scripts and tests use it: the
// bootstrap line, fixed ports, several brokers, clean stop, bad arguments.
#include "tests/support/dev_kafka.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <string>
#include <vector>

#include <librdkafka/rdkafka.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "connectors/kafka/producer.hpp"
#include "messages/error.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/free_port.hpp"
#include "tests/support/kafka_reader.hpp"

using namespace std::chrono_literals;

namespace eddy::test {

namespace {

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

// Sends each of `lines` to 127.0.0.1:port and returns the answers.
std::vector<std::string> ask(uint16_t port,
                             const std::vector<std::string>& lines) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sin.sin_port = htons(port);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&sin), sizeof(sin)) == 0);
  std::string request;
  for (auto& line : lines)
    request += line + "\n";
  REQUIRE(::write(fd, request.data(), request.size()) ==
          static_cast<ssize_t>(request.size()));
  std::string received;
  char buf[1024];
  while (std::count(received.begin(), received.end(), '\n') <
         static_cast<long>(lines.size())) {
    auto n = ::read(fd, buf, sizeof(buf));
    REQUIRE(n > 0);
    received.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  std::vector<std::string> answers;
  for (size_t at = 0, eol; (eol = received.find('\n', at)) != std::string::npos;
       at = eol + 1)
    answers.push_back(received.substr(at, eol - at));
  return answers;
}

// The partitions of `topic` in the cluster's metadata, -1 if none.
int partition_count(const std::string& bootstrap, const std::string& topic) {
  char errstr[512];
  auto* conf = rd_kafka_conf_new();
  REQUIRE(rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(),
                            errstr, sizeof(errstr)) == RD_KAFKA_CONF_OK);
  auto* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
  REQUIRE(rk != nullptr);
  auto* handle = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  const rd_kafka_metadata_t* metadata = nullptr;
  int count = -1;
  if (rd_kafka_metadata(rk, 0, handle, &metadata, 10000) ==
          RD_KAFKA_RESP_ERR_NO_ERROR &&
      metadata->topic_cnt == 1 && metadata->topics[0].err == 0)
    count = metadata->topics[0].partition_cnt;
  if (metadata != nullptr)
    rd_kafka_metadata_destroy(metadata);
  rd_kafka_topic_destroy(handle);
  rd_kafka_destroy(rk);
  return count;
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

TEST_CASE("eddy-devkafka creates the topics asked for on its admin port "
          "while it runs") {
  auto admin_port = free_port();
  child_process devkafka{dev_kafka::program(),
                         {"--admin-port", std::to_string(admin_port)}};
  auto line = devkafka.read_line(10s);
  REQUIRE(line);
  auto bootstrap = line->substr(line->find('=') + 1);
  CHECK(ask(admin_port, {"create orders 7", "create orders 7",
                         "create orders 0", "create bad/name 1", "drop x"}) ==
        std::vector<std::string>{
            "created orders", "exists orders",
            "error expected 1 to 1000 partitions, got '0'",
            "error 'bad/name' is not a valid topic name (1-249 characters of "
            "a-z A-Z 0-9 . _ -)",
            "error expected `create NAME PARTITIONS`"});
  CHECK(partition_count(bootstrap, "orders") == 7);
  devkafka.signal(SIGTERM);
  CHECK(exit_code(devkafka, 10s) == 0);
}

TEST_CASE("eddy-devkafka refuses a port that is taken, naming it") {
  auto port = free_port();
  dev_kafka first{{}, port};
  child_process second{dev_kafka::program(), {"--port", std::to_string(port)}};
  CHECK(exit_code(second, 10s) == 1);
}

} // namespace eddy::test
