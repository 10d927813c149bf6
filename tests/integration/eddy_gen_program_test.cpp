// eddy-gen run as a program: IPDR records to stdout and to Kafka keyed as
// the seed's producer keys them, sensor readings as JSON to stdout and as
// Avro to Kafka keyed by sensor, telemetry events to Kafka keyed as the
// telemetry job keys them, machine states (generated, or a file replayed)
// to a real mosquitto and to Kafka keyed by Thing, the socket target
// feeding its clients, and flags that do not apply to the job chosen
// refused by name.
#include "apps/ipdr/ipdr_generator.hpp"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "apps/machines/machine_state.hpp"
#include "apps/sensors/sensor_avro.hpp"
#include "apps/sensors/sensor_json.hpp"
#include "apps/telemetry/telemetry_json.hpp"
#include "connectors/mqtt/mqtt_subscriber.hpp"
#include "messages/error.hpp"
#include "messages/tab_codec.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/closed_port.hpp"
#include "tests/support/dev_kafka.hpp"
#include "tests/support/kafka_reader.hpp"
#include "tests/support/mosquitto_broker.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;

namespace eddy::test {

namespace {

const std::string eddy_gen = std::string{EDDY_BIN_DIR} + "/eddy-gen";

// What eddy-gen printed on stdout and stderr, and how it exited.
struct gen_run {
  int exit_code = -1;
  std::vector<std::string> lines;
};

gen_run run_gen_to_exit(const std::vector<std::string>& args) {
  // Through the shell, to read stderr (where errors go) along with stdout.
  std::string command = "exec '" + eddy_gen + "'";
  for (auto& arg : args)
    command += " '" + arg + "'";
  child_process gen{"/bin/sh", {"-c", command + " 2>&1"}};
  gen_run run;
  while (auto line = gen.read_line(30s))
    run.lines.push_back(*line);
  REQUIRE(gen.wait(10s));
  REQUIRE(gen.exit_status());
  REQUIRE(WIFEXITED(*gen.exit_status()));
  run.exit_code = WEXITSTATUS(*gen.exit_status());
  return run;
}

// Connects to 127.0.0.1:`port` once something listens there (within 10 s)
// and reads until the peer closes; answers the lines read.
std::vector<std::string> read_lines_from(uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int fd = -1;
  for (auto deadline = std::chrono::steady_clock::now() + 10s;
       std::chrono::steady_clock::now() < deadline;
       std::this_thread::sleep_for(20ms)) {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) ==
        0)
      break;
    ::close(fd);
    fd = -1;
  }
  REQUIRE(fd >= 0);
  std::string bytes;
  char chunk[65536];
  for (ssize_t got; (got = ::read(fd, chunk, sizeof chunk)) > 0;)
    bytes.append(chunk, static_cast<size_t>(got));
  ::close(fd);
  std::vector<std::string> lines;
  for (size_t start = 0, end; (end = bytes.find('\n', start)) != bytes.npos;
       start = end + 1)
    lines.push_back(bytes.substr(start, end - start));
  return lines;
}

// The payloads of an MQTT topic, subscribed with QoS 1 before eddy-gen
// publishes.
class topic_payloads {
public:
  topic_payloads(const mosquitto_broker& broker, const std::string& topic) {
    auto made = mqtt_subscriber::make(
        {broker.uri(), "eddy-gen-test-subscriber", topic},
        [this](std::string_view, std::string_view payload) {
          std::lock_guard guard{mtx_};
          payloads_.emplace_back(payload);
        });
    REQUIRE_MESSAGE(made, (made ? std::string{} : describe(made.error())));
    subscriber_ = std::make_unique<mqtt_subscriber>(std::move(*made));
    REQUIRE(subscriber_->wait_until_subscribed(10s));
  }

  /// What arrived once `n` did, or after 30 s.
  std::vector<std::string> wait_for(size_t n) {
    auto deadline = std::chrono::steady_clock::now() + 30s;
    for (;; std::this_thread::sleep_for(10ms)) {
      std::lock_guard guard{mtx_};
      if (payloads_.size() >= n || std::chrono::steady_clock::now() > deadline)
        return payloads_;
    }
  }

private:
  std::mutex mtx_;
  std::vector<std::string> payloads_;
  std::unique_ptr<mqtt_subscriber> subscriber_;
};

} // namespace

TEST_CASE("eddy-gen --job ipdr writes IPDR records of the MAC range given to "
          "stdout") {
  auto run = run_gen_to_exit({"--job", "ipdr", "--count", "50", "--rate", "0",
                              "--macs", "3", "--mac-offset", "10"});
  CHECK(run.exit_code == 0);
  REQUIRE(run.lines.size() == 51); // and "eddy-gen: 50 records written"
  std::set<std::string> macs;
  for (size_t i = 0; i < 50; ++i) {
    auto record = nlohmann::json::parse(run.lines[i]);
    CHECK(record.size() == 25);
    macs.insert(record["cmMacAddr"].get<std::string>());
  }
  CHECK(macs == std::set<std::string>{"MACADDR10", "MACADDR11", "MACADDR12"});
  CHECK(run.lines.back() == "eddy-gen: 50 records written");
}

TEST_CASE("eddy-gen refuses a flag that does not apply to the job, naming "
          "it") {
  auto ipdr = run_gen_to_exit({"--job", "ipdr", "--queries", "0.1"});
  CHECK(ipdr.exit_code == 2);
  REQUIRE_FALSE(ipdr.lines.empty());
  CHECK(ipdr.lines[0] ==
        "eddy-gen: invalid_config: --queries does not apply to --job ipdr");
  auto inventory = run_gen_to_exit({"--macs", "10"});
  CHECK(inventory.exit_code == 2);
  REQUIRE_FALSE(inventory.lines.empty());
  CHECK(inventory.lines[0] ==
        "eddy-gen: invalid_config: --macs does not apply to --job inventory");
  auto sensors = run_gen_to_exit({"--job", "sensors", "--mac-offset", "1"});
  CHECK(sensors.exit_code == 2);
  REQUIRE_FALSE(sensors.lines.empty());
  CHECK(sensors.lines[0] == "eddy-gen: invalid_config: --mac-offset does not "
                            "apply to --job sensors");
}

TEST_CASE("eddy-gen --job sensors writes JSON readings of the sensor range "
          "given to stdout") {
  auto run = run_gen_to_exit({"--job", "sensors", "--count", "50", "--rate",
                              "0", "--sensors", "3", "--sensor-offset", "7"});
  CHECK(run.exit_code == 0);
  REQUIRE(run.lines.size() == 51); // and "eddy-gen: 50 records written"
  std::set<std::string> devices;
  for (size_t i = 0; i < 50; ++i) {
    auto reading = sensors::parse_json(run.lines[i]);
    REQUIRE_MESSAGE(reading, run.lines[i]);
    CHECK(reading->timestamp_ms > 0);
    devices.insert(reading->device_id);
  }
  CHECK(devices == std::set<std::string>{"sensor_7", "sensor_8", "sensor_9"});
}

TEST_CASE("eddy-gen refuses to write Avro readings to stdout") {
  auto run = run_gen_to_exit({"--job", "sensors", "--format", "avro"});
  CHECK(run.exit_code == 2);
  REQUIRE_FALSE(run.lines.empty());
  CHECK(run.lines[0] ==
        "eddy-gen: invalid_config: --format avro writes binary records: it "
        "needs --kafka or --mqtt, not stdout or --socket");
}

TEST_CASE("eddy-gen --socket writes IPDR records as lines to a client that "
          "connects") {
  // Bound, then released for eddy-gen: free a moment ago.
  auto port = closed_port{}.port();
  child_process gen{eddy_gen,
                    {"--job", "ipdr", "--count", "1000", "--rate", "0",
                     "--socket", std::to_string(port)}};
  auto lines = read_lines_from(port);
  REQUIRE(gen.wait(30s));
  CHECK(gen.exit_status() == 0);
  REQUIRE(lines.size() == 1000);
  ipdr::ipdr_generator make{{}};
  std::string first;
  make(0, 0, first);
  // The same record as the generator's, but for the times.
  auto sent = nlohmann::json::parse(lines[0]);
  auto made = nlohmann::json::parse(first);
  CHECK(sent["cmMacAddr"] == made["cmMacAddr"]);
  CHECK(sent["dsOctets"] == made["dsOctets"]);
}

TEST_CASE("eddy-gen --socket writes the inventory's transactions as the "
          "seed's lines") {
  // Bound, then released for eddy-gen: free a moment ago.
  auto port = closed_port{}.port();
  child_process gen{
      eddy_gen,
      {"--count", "20", "--rate", "0", "--socket", std::to_string(port)}};
  auto lines = read_lines_from(port);
  REQUIRE(gen.wait(30s));
  CHECK(gen.exit_status() == 0);
  REQUIRE(lines.size() == 20);
  for (auto& line : lines)
    CHECK_MESSAGE(parse_transaction(line), line);
}

TEST_CASE("eddy-gen --job ipdr writes to ipdr_input keyed by the record's "
          "number") {
  dev_kafka kafka{{{"ipdr_input", 2}}};
  child_process gen{eddy_gen,
                    {"--job", "ipdr", "--kafka", kafka.bootstrap_servers(),
                     "--count", "100", "--rate", "0"}};
  REQUIRE(gen.wait(60s));
  CHECK(gen.exit_status() == 0);
  auto messages =
      read_messages(kafka.bootstrap_servers(), {"ipdr_input"}, 100, 60s);
  REQUIRE(messages.size() == 100);
  std::set<std::string> keys;
  for (auto& msg : messages) {
    CHECK(nlohmann::json::parse(msg.payload).size() == 25);
    keys.insert(msg.key);
  }
  CHECK(keys.size() == 100);
  CHECK(keys.contains("1"));
  CHECK(keys.contains("100"));
}

TEST_CASE("eddy-gen --job sensors --format avro writes Avro readings to "
          "iot-sensor-data keyed by sensorId") {
  dev_kafka kafka{{{"iot-sensor-data", 2}}};
  child_process gen{eddy_gen,
                    {"--job", "sensors", "--format", "avro", "--kafka",
                     kafka.bootstrap_servers(), "--count", "100", "--rate", "0",
                     "--sensors", "10"}};
  REQUIRE(gen.wait(60s));
  CHECK(gen.exit_status() == 0);
  auto messages =
      read_messages(kafka.bootstrap_servers(), {"iot-sensor-data"}, 100, 60s);
  REQUIRE(messages.size() == 100);
  auto decoder = sensors::avro_decoder::make();
  REQUIRE(decoder);
  for (auto& msg : messages) {
    auto reading = (*decoder)(msg.payload);
    REQUIRE(reading);
    CHECK(reading->device_id == "sensor_" + msg.key);
  }
}

TEST_CASE("eddy-gen --job telemetry writes parseable events to raw_telemetry "
          "keyed by site_id:asset_id:sensor_id") {
  dev_kafka kafka{{{"raw_telemetry", 2}}};
  child_process gen{eddy_gen,
                    {"--job", "telemetry", "--kafka", kafka.bootstrap_servers(),
                     "--count", "100", "--rate", "0", "--sensors", "8",
                     "--duplicates", "0"}};
  REQUIRE(gen.wait(60s));
  CHECK(gen.exit_status() == 0);
  auto messages =
      read_messages(kafka.bootstrap_servers(), {"raw_telemetry"}, 100, 60s);
  REQUIRE(messages.size() == 100);
  std::set<std::string> keys;
  std::set<std::string> event_ids;
  for (auto& msg : messages) {
    auto e = telemetry::parse_json(msg.payload);
    REQUIRE_MESSAGE(e, msg.payload);
    CHECK(msg.key == e->key);
    keys.insert(msg.key);
    event_ids.insert(e->event_id);
  }
  CHECK(keys.size() == 8);
  CHECK(keys.contains("site-0:asset-1:sensor-7"));
  CHECK(event_ids.size() == 100);
}

TEST_CASE("eddy-gen --job machines publishes states the job splits to "
          "machine/states") {
  mosquitto_broker broker;
  topic_payloads states{broker, "machine/states"};
  child_process gen{eddy_gen,
                    {"--job", "machines", "--mqtt", broker.uri(), "--count",
                     "100", "--rate", "0", "--machines", "3"}};
  REQUIRE(gen.wait(60s));
  CHECK(gen.exit_status() == 0);
  auto payloads = states.wait_for(100);
  REQUIRE(payloads.size() == 100);
  std::set<std::string> things;
  for (auto& payload : payloads) {
    std::vector<machines::reading> split;
    CHECK_MESSAGE(!machines::split_state(payload, split), payload);
    things.insert(machines::thing_of(payload));
  }
  CHECK(things == std::set<std::string>{"R0815", "R0816", "R0817"});
}

TEST_CASE("eddy-gen --job machines --file publishes the file's lines as they "
          "are, in order") {
  mosquitto_broker broker;
  temp_dir dir;
  std::vector<std::string> lines{
      R"({"Thing":"R0815","Timestamp":1554096460415,"id":1,"vaTorque_C11":12.5})",
      R"({"Thing":"R0815","Timestamp":1554096460416,"id":2,"actSpeed_C11":1500})",
      "not a state"};
  auto path = write_file(dir, "events.json",
                         lines[0] + "\n\n" + lines[1] + "\n" + lines[2] + "\n");
  topic_payloads states{broker, "machines/replayed"};
  child_process gen{eddy_gen,
                    {"--job", "machines", "--file", path, "--mqtt",
                     broker.uri(), "--mqtt-topic", "machines/replayed"}};
  REQUIRE(gen.wait(60s));
  CHECK(gen.exit_status() == 0);
  CHECK(states.wait_for(3) == lines);
}

TEST_CASE("eddy-gen --job machines writes states to machine.states keyed by "
          "their Thing") {
  dev_kafka kafka{{{"machine.states", 2}}};
  child_process gen{eddy_gen,
                    {"--job", "machines", "--kafka", kafka.bootstrap_servers(),
                     "--count", "100", "--rate", "0", "--machines", "5"}};
  REQUIRE(gen.wait(60s));
  CHECK(gen.exit_status() == 0);
  auto messages =
      read_messages(kafka.bootstrap_servers(), {"machine.states"}, 100, 60s);
  REQUIRE(messages.size() == 100);
  std::set<std::string> keys;
  for (auto& msg : messages) {
    CHECK(msg.key == machines::thing_of(msg.payload));
    keys.insert(msg.key);
  }
  CHECK(keys.size() == 5);
}

TEST_CASE("eddy-gen refuses the generator's flags with --file, naming them") {
  auto run = run_gen_to_exit(
      {"--job", "machines", "--file", "events.json", "--channels", "2"});
  CHECK(run.exit_code == 2);
  REQUIRE_FALSE(run.lines.empty());
  CHECK(run.lines[0] ==
        "eddy-gen: invalid_config: --channels does not apply to --file: its "
        "states are replayed as they are");
}

} // namespace eddy::test
