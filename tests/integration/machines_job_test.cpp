// The machine data job (seed 003) as users run it: the eddy program with
// jobs=machines fed by a real mosquitto or the dev Kafka cluster, writing
// the dev cluster and a real InfluxDB 1.x: every power once on machine.out
// and in InfluxDB and every quantity on machine.data, across a broker
// restart and a kill -9 of eddy; malformed states as counted dead letters;
// a late torque and speed in the late file, changing no power.
#include "tests/support/machines_reference.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "actors/wall_clock.hpp"
#include "tests/support/dev_kafka.hpp"
#include "tests/support/eddy_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/influxdb_server.hpp"
#include "tests/support/kafka_reader.hpp"
#include "tests/support/mosquitto_broker.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {

const std::vector<test::dev_kafka::topic> machines_topics{
    {"machine.states", 1},
    {"machine.data", 2},
    {"machine.out", 2},
    {"eddy.dead.letters", 1}};

/// The job on the dev cluster, checkpoints every 200 ms, exactly once.
test::settings_list machines_settings(const test::dev_kafka& kafka) {
  return {{"jobs", "machines"},
          {"kafka.bootstrap.servers", kafka.bootstrap_servers()},
          {"kafka.group.id", test::unique_group_id()},
          {"kafka.session.timeout.ms", "6000"},
          {"kafka.heartbeat.interval.ms", "500"},
          {"checkpoint.interval.ms", "200"},
          {"sink.kafka.exactly_once", "true"}};
}

/// `count` states 25 ms apart, starting two minutes ago.
test::machines_workload workload(int64_t count) {
  auto w = test::make_machines_workload(count, wall_clock_ms() - 120000, 25);
  REQUIRE(w.out_of_order > 0);
  REQUIRE(w.expected.unmatched > 0);
  REQUIRE(w.expected.late == 0);
  REQUIRE(std::ranges::any_of(w.expected.powers, [](const auto& power) {
    return power.second == 20000.0; // capped
  }));
  return w;
}

/// What `topic` holds as JSON texts and keys, read until every identity of
/// `expected` is there or 30 s passed (the dev cluster shows aborted
/// transactions' records too: test::differences takes each identity once
/// and checks that its copies are the same).
std::pair<std::vector<std::string>, std::vector<std::string>>
on_topic(const test::dev_kafka& kafka, const std::string& topic,
         const test::readings_by_id& expected) {
  std::vector<std::string> payloads;
  std::vector<std::string> keys;
  auto count = expected.size();
  auto deadline = std::chrono::steady_clock::now() + 30s;
  do {
    payloads.clear();
    keys.clear();
    std::set<test::reading_id> seen;
    for (auto& msg :
         test::read_messages(kafka.bootstrap_servers(), {topic}, count, 20s)) {
      auto r = nlohmann::json::parse(msg.payload, nullptr, false);
      if (r.is_object() && r.contains("phenomenonTime"))
        seen.emplace(msg.key, r["phenomenonTime"].get<int64_t>());
      payloads.push_back(std::move(msg.payload));
      keys.push_back(std::move(msg.key));
    }
    size_t present = 0;
    for (auto& [id, result] : expected)
      present += seen.contains(id) ? 1 : 0;
    if (present == expected.size())
      break;
    count = payloads.size() + expected.size() - present;
  } while (std::chrono::steady_clock::now() < deadline);
  return {std::move(payloads), std::move(keys)};
}

/// The points of measurement machinedata whose quantity matches `regex`,
/// by identity.
test::readings_by_id points_in(test::influxdb_server& influx,
                               const std::string& regex) {
  test::readings_by_id points;
  auto reply = nlohmann::json::parse(influx.query(
      "machinedata",
      "SELECT result, thing, quantity FROM machinedata WHERE quantity =~ /" +
          regex + "/",
      "ms"));
  auto& series = reply["results"][0]["series"];
  if (!series.is_array())
    return points;
  for (auto& row : series[0]["values"])
    points[{row[2].get<std::string>() + "." + row[3].get<std::string>(),
            row[0].get<int64_t>()}] = row[1].get<double>();
  return points;
}

/// Waits until InfluxDB holds exactly `expected` among the points whose
/// quantity matches `regex` (60 s at most); answers the differences.
std::string wait_for_points(test::influxdb_server& influx,
                            const std::string& regex,
                            const test::readings_by_id& expected) {
  std::string diffs = "no points";
  auto deadline = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      diffs = test::differences(expected, points_in(influx, regex));
    } catch (const std::runtime_error&) {
      // The database does not exist before the first write.
    }
    if (diffs.empty())
      break;
    std::this_thread::sleep_for(500ms);
  }
  return diffs;
}

/// The value of the first line of /metrics starting with `prefix`, or -1.
double metric(test::eddy_process& eddy, const std::string& prefix) {
  test::http_client client{"127.0.0.1", eddy.port()};
  std::istringstream lines{client.get("/metrics").body};
  for (std::string line; std::getline(lines, line);)
    if (line.starts_with(prefix))
      return std::stod(line.substr(line.rfind(' ') + 1));
  return -1;
}

} // namespace

TEST_CASE("every power of MQTT states reaches machine.out and InfluxDB once "
          "and every quantity machine.data, across a broker restart and a "
          "kill -9 of eddy") {
  test::dev_kafka kafka{machines_topics};
  test::influxdb_server influx;
  test::mosquitto_broker broker;
  test::temp_dir dir;
  auto all = workload(1200);
  auto settings = machines_settings(kafka);
  settings.emplace_back("mqtt.server.uri", broker.uri());
  settings.emplace_back("machines.influxdb.url", influx.url());
  std::optional<mqtt_publisher> publisher;
  auto publish = [&](size_t from, size_t to) {
    for (auto i = from; i < std::min(to, all.states.size()); ++i)
      REQUIRE_FALSE(publisher->publish("machine/states", all.states[i]));
    REQUIRE_FALSE(publisher->flush(30s));
  };
  {
    test::eddy_process eddy{dir.path(), settings};
    // The subscription must exist before publishing, or the broker has no
    // session to queue for.
    REQUIRE(broker.wait_for_log("eddy-machines", 10s));
    std::this_thread::sleep_for(500ms);
    publisher.emplace(broker.connect_publisher("machines-test"));
    publish(0, 400);
    test::wait_processed(eddy, 200); // of 400 states
    eddy.kill();
  }
  test::eddy_process eddy{dir.path(), settings};
  publish(400, 800);
  broker.restart();
  publish(800, all.states.size());
  auto diffs = wait_for_points(influx, "^vaPower_", all.expected.powers);
  CHECK_MESSAGE(diffs.empty(), "powers in InfluxDB:\n" << diffs);
  diffs = wait_for_points(influx, "^(vaTorque|actSpeed|actPosition)_",
                          all.expected.data);
  CHECK_MESSAGE(diffs.empty(), "quantities in InfluxDB:\n" << diffs);
  auto [powers, power_keys] =
      on_topic(kafka, "machine.out", all.expected.powers);
  diffs = test::differences(all.expected.powers, powers, power_keys);
  CHECK_MESSAGE(diffs.empty(), "machine.out:\n" << diffs);
  auto [data, data_keys] = on_topic(kafka, "machine.data", all.expected.data);
  diffs = test::differences(all.expected.data, data, data_keys);
  CHECK_MESSAGE(diffs.empty(), "machine.data:\n" << diffs);
}

TEST_CASE("malformed states are dead letters naming the field, counted in "
          "eddy_malformed_records_total") {
  test::mosquitto_broker broker;
  test::temp_dir dir;
  test::eddy_process eddy{dir.path(),
                          {{"jobs", "machines"},
                           {"mqtt.server.uri", broker.uri()},
                           {"checkpoint.interval.ms", "200"}}};
  REQUIRE(broker.wait_for_log("eddy-machines", 10s));
  std::this_thread::sleep_for(500ms);
  auto publisher = broker.connect_publisher("machines-test");
  auto now = std::to_string(wall_clock_ms() - 60000);
  const std::vector<std::string> malformed{
      R"({"Thing":"R0815","Timestamp":)",
      R"({"Timestamp":)" + now + R"(,"vaTorque_C11":1.5})",
      R"({"Thing":"R0815","Timestamp":"yesterday","vaTorque_C11":1.5})",
      R"({"Thing":"R0815","Timestamp":)" + now + R"(,"vaTorque_C11":"high"})"};
  for (auto& state : malformed)
    REQUIRE_FALSE(publisher.publish("machine/states", state));
  REQUIRE_FALSE(publisher.publish("machine/states",
                                  R"({"Thing":"R0815","Timestamp":)" + now +
                                      R"(,"actSpeed_C11":1500})"));
  REQUIRE_FALSE(publisher.flush(30s));
  const std::string counter = R"(eddy_malformed_records_total{job="machines")";
  for (int i = 0; i < 100 && metric(eddy, counter) < 4; ++i)
    std::this_thread::sleep_for(200ms);
  CHECK(metric(eddy, counter) == 4);
  // The file gets them after the counter.
  const std::string path = dir.path() + "/out/machines-dead-letters.txt";
  auto letters = test::file_text(path);
  for (int i = 0; i < 100 && std::count(letters.begin(), letters.end(), '\n') <
                                 std::ssize(malformed);
       ++i) {
    std::this_thread::sleep_for(200ms);
    letters = test::file_text(path);
  }
  for (auto reason : {"invalid JSON", "required field 'Thing' is missing",
                      "field 'Timestamp': expected integral epoch ms",
                      "field 'vaTorque_C11': expected a number"}) {
    CAPTURE(reason);
    CHECK(letters.find(reason) != std::string::npos);
  }
}

TEST_CASE("states read from Kafka give the same powers") {
  test::dev_kafka kafka{machines_topics};
  test::temp_dir dir;
  auto all = workload(600);
  test::produce_messages(kafka.bootstrap_servers(), "machine.states",
                         all.things, all.states);
  auto settings = machines_settings(kafka);
  settings.emplace_back("machines.input.topic", "machine.states");
  test::eddy_process eddy{dir.path(), settings};
  auto [powers, keys] = on_topic(kafka, "machine.out", all.expected.powers);
  auto diffs = test::differences(all.expected.powers, powers, keys);
  CHECK_MESSAGE(diffs.empty(), "machine.out:\n" << diffs);
}

TEST_CASE("a late torque and speed go to machines-late.jsonl and change no "
          "power") {
  test::dev_kafka kafka{machines_topics};
  test::temp_dir dir;
  auto all = workload(400);
  test::add_late_state(all);
  REQUIRE(all.expected.late == 2);
  // Joined, the late state would change a power and add one.
  REQUIRE(test::expected_outputs(all.states, {}, true).powers !=
          all.expected.powers);
  auto settings = machines_settings(kafka);
  settings.emplace_back("machines.input.topic", "machine.states");
  test::eddy_process eddy{dir.path(), settings};
  // The watermark advances between the batches the source reads, so the
  // late state goes once the others were taken.
  auto on_time = std::ssize(all.states) - 1;
  test::produce_messages(kafka.bootstrap_servers(), "machine.states",
                         {all.things.begin(), all.things.begin() + on_time},
                         {all.states.begin(), all.states.begin() + on_time});
  test::wait_processed(eddy, static_cast<uint64_t>(on_time));
  std::this_thread::sleep_for(500ms);
  test::produce_messages(kafka.bootstrap_servers(), "machine.states",
                         {all.things.back()}, {all.states.back()});
  auto [powers, keys] = on_topic(kafka, "machine.out", all.expected.powers);
  auto diffs = test::differences(all.expected.powers, powers, keys);
  CHECK_MESSAGE(diffs.empty(), "machine.out:\n" << diffs);
  // The late state's torque and speed, as readings.
  auto late_state = nlohmann::json::parse(all.states.back());
  test::readings_by_id late;
  for (auto& [name, value] : late_state.items())
    if (name.starts_with("vaTorque_") || name.starts_with("actSpeed_"))
      late[{late_state["Thing"].get<std::string>() + "." + name,
            late_state["Timestamp"].get<int64_t>()}] = value.get<double>();
  std::vector<std::string> lines;
  for (int i = 0; i < 100 && lines.size() < late.size(); ++i) {
    std::this_thread::sleep_for(200ms);
    lines.clear();
    std::istringstream text{
        test::file_text(dir.path() + "/out/machines-late.jsonl")};
    for (std::string line; std::getline(text, line);)
      lines.push_back(line);
  }
  diffs = test::differences(late, lines);
  CHECK_MESSAGE(diffs.empty(), "machines-late.jsonl:\n" << diffs);
}
