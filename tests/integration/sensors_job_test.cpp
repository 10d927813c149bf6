// The IoT sensor rollup (seed 001) as users run it: the eddy program with
// jobs=sensors on the dev Kafka cluster writing into a real ClickHouse;
// every window once with FINAL across a kill -9 of eddy and a ClickHouse
// restart, JSON and Avro input, MQTT input, every malformed reading a
// counted dead letter, alerts to Kafka and a file, and the generator and
// stdout when nothing is configured.
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "actors/wall_clock.hpp"
#include "tests/support/clickhouse_server.hpp"
#include "tests/support/dev_kafka.hpp"
#include "tests/support/eddy_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/kafka_reader.hpp"
#include "tests/support/mosquitto_broker.hpp"
#include "tests/support/sensor_reference.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {

const std::vector<test::dev_kafka::topic> sensor_topics{
    {"iot-sensor-data", 2}, {"sensor-alerts", 1}, {"eddy.dead.letters", 1}};

const std::string table = "benchmark.sensor_rollups";
constexpr int64_t window_ms = 10000;

/// The README's start in event time with 10 s windows, checkpoints every
/// 200 ms, inserts of 50 rows. Kafka may hand one partition's readings
/// well before the other's: no partition counts as idle, so that the
/// watermark waits for both and no reading is late.
test::settings_list sensor_settings(const test::dev_kafka& kafka,
                                    const std::string& clickhouse) {
  return {{"jobs", "sensors"},
          {"kafka.bootstrap.servers", kafka.bootstrap_servers()},
          {"kafka.group.id", test::unique_group_id()},
          {"kafka.session.timeout.ms", "6000"},
          {"kafka.heartbeat.interval.ms", "500"},
          {"checkpoint.interval.ms", "200"},
          {"sensors.clickhouse.url", clickhouse},
          {"sensors.clickhouse.batch.rows", "50"},
          {"sensors.window.time", "event"},
          {"sensors.window.size", std::to_string(window_ms) + "ms"},
          {"sensors.window.out_of_orderness", "0ms"},
          {"sensors.window.idle.timeout", "0ms"}};
}

/// `count` readings over 40 sensors, one every 50 ms of event time ending
/// a minute ago.
test::sensor_readings readings(int64_t count, bool avro = false) {
  auto first = wall_clock_ms() - 60000 - count * 50;
  return test::generated_readings(count, 40, first, 50, avro);
}

/// A reading of every sensor far ahead of the others, on every partition:
/// the watermark (the least of the partitions', none of them ever idle)
/// passes every window of the others (theirs stay open).
test::sensor_readings closer(bool avro = false) {
  return test::generated_readings(40, 40, wall_clock_ms() + 120000, 0, avro);
}

bool all_in_one_window(const test::rollup_table& expected) {
  return !expected.empty() && expected.begin()->first.ends_with("@*");
}

/// Checks that ClickHouse comes to hold `expected`, each window once.
void check_rows(test::clickhouse_server& clickhouse,
                const test::rollup_table& expected) {
  test::rollup_table got;
  auto deadline = std::chrono::steady_clock::now() + 90s;
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      got = test::rollups_of_rows(clickhouse.query(test::rollups_query(table)));
    } catch (const std::runtime_error&) {
      // The table does not exist before the first insert.
    }
    if (all_in_one_window(expected))
      got = test::in_one_window(got);
    if (test::same_rollups(expected, got))
      break;
    std::this_thread::sleep_for(500ms);
  }
  CHECK_MESSAGE(test::same_rollups(expected, got),
                test::first_differences(expected, got));
}

nlohmann::json sinks_of(test::eddy_process& eddy) {
  test::http_client client{"127.0.0.1", eddy.port()};
  auto jobs = nlohmann::json::parse(client.get("/v1/jobs").body);
  return jobs["jobs"][0]["sinks"];
}

/// The status of the sink called `name`.
nlohmann::json sink_named(test::eddy_process& eddy, const std::string& name) {
  for (auto& sink : sinks_of(eddy))
    if (sink["name"] == name)
      return sink;
  return nullptr;
}

} // namespace

TEST_CASE("JSON readings from Kafka roll up into ClickHouse, every window "
          "once, across a kill -9 of eddy and a ClickHouse restart") {
  test::dev_kafka kafka{sensor_topics};
  test::clickhouse_server clickhouse;
  test::temp_dir dir;
  auto all = readings(3000);
  // The seed's processing time: every reading in one 20 s window, started
  // at its beginning; the run takes well under that.
  auto settings = sensor_settings(kafka, clickhouse.url());
  settings.emplace_back("sensors.window.time", "processing");
  settings.emplace_back("sensors.window.size", "20s");
  auto bootstrap = kafka.bootstrap_servers();
  {
    test::eddy_process eddy{dir.path(), settings};
    test::wait_for_window_start(20s);
    test::produce_readings(bootstrap, "iot-sensor-data", all.slice(0, 1000));
    test::wait_processed(eddy, 1000);
    std::this_thread::sleep_for(500ms); // a few checkpoints
    eddy.kill();
  }
  test::eddy_process eddy{dir.path(), settings};
  test::produce_readings(bootstrap, "iot-sensor-data", all.slice(1000, 1000));
  test::wait_processed(eddy, 1000);
  clickhouse.restart();
  test::produce_readings(bootstrap, "iot-sensor-data", all.slice(2000, 1000));
  check_rows(clickhouse, test::expected_rollups(all, 0));
  auto sink = sink_named(eddy, "rollups to clickhouse " + table);
  REQUIRE(sink.is_object());
  CHECK(sink["written"].get<uint64_t>() > 0);
  // The panel's batch state: what this process inserted.
  test::http_client client{"127.0.0.1", eddy.port()};
  auto job = nlohmann::json::parse(client.get("/v1/jobs").body)["jobs"][0];
  nlohmann::json inserts;
  for (auto& figure : job["figures"])
    if (figure["id"] == "clickhouse_inserts")
      inserts = figure;
  REQUIRE(inserts.is_object());
  CHECK(
      inserts["title"].get<std::string>().starts_with("ClickHouse inserts ("));
  CHECK(inserts["points"][0][0] == "rows inserted");
  CHECK(inserts["points"][0][1].get<double>() > 0);
}

TEST_CASE("Avro readings from Kafka roll up into ClickHouse exactly") {
  test::dev_kafka kafka{sensor_topics};
  test::clickhouse_server clickhouse;
  test::temp_dir dir;
  auto all = readings(1500, true);
  auto settings = sensor_settings(kafka, clickhouse.url());
  settings.emplace_back("sensors.input.format", "avro");
  test::eddy_process eddy{dir.path(), settings};
  test::produce_readings(kafka.bootstrap_servers(), "iot-sensor-data", all);
  test::produce_readings(kafka.bootstrap_servers(), "iot-sensor-data",
                         closer(true));
  check_rows(clickhouse, test::expected_rollups(all, window_ms));
}

TEST_CASE("every malformed reading is a dead letter with its reason, "
          "counted, and the good ones around it are rolled up") {
  test::dev_kafka kafka{sensor_topics};
  test::clickhouse_server clickhouse;
  test::temp_dir dir;
  auto good = readings(400);
  test::sensor_readings bad;
  for (auto text :
       {R"({"sensorId":1,"temperature":)", R"([1,2])",
        R"({"temperature":20.5})", R"({"sensorId":2,"temperature":"hot"})",
        R"({"sensorId":3,"status":{"code":1}})"}) {
    bad.keys.emplace_back("bad");
    bad.payloads.emplace_back(text);
  }
  test::produce_readings(kafka.bootstrap_servers(), "iot-sensor-data", good);
  test::produce_readings(kafka.bootstrap_servers(), "iot-sensor-data", bad);
  test::produce_readings(kafka.bootstrap_servers(), "iot-sensor-data",
                         closer());
  test::eddy_process eddy{dir.path(), sensor_settings(kafka, clickhouse.url())};
  check_rows(clickhouse, test::expected_rollups(good, window_ms));
  auto letters =
      test::read_messages(kafka.bootstrap_servers(), {"eddy.dead.letters"},
                          bad.payloads.size(), 30s);
  CHECK(letters.size() == bad.payloads.size());
  auto in_file = test::file_text(dir.path() + "/out/sensors-dead-letters.txt");
  for (auto reason : {"invalid JSON", "expected a JSON object", "sensorId",
                      "temperature", "status"}) {
    CAPTURE(reason);
    CHECK(in_file.find(reason) != std::string::npos);
  }
  test::http_client client{"127.0.0.1", eddy.port()};
  auto metrics = client.get("/metrics").body;
  CHECK(metrics.find("eddy_malformed_records_total{job=\"sensors\",actor="
                     "\"source/kafka\"} " +
                     std::to_string(bad.payloads.size())) != std::string::npos);
}

TEST_CASE("a record that is not Avro of the schema is a dead letter") {
  test::dev_kafka kafka{sensor_topics};
  test::temp_dir dir;
  auto good = readings(10, true);
  test::sensor_readings bad;
  bad.keys = {"cut", "long"};
  bad.payloads = {good.payloads[0].substr(0, 5), good.payloads[0] + "xx"};
  test::produce_readings(kafka.bootstrap_servers(), "iot-sensor-data", bad);
  auto settings = sensor_settings(kafka, "none");
  settings.emplace_back("sensors.input.format", "avro");
  test::eddy_process eddy{dir.path(), settings};
  auto letters = test::read_messages(kafka.bootstrap_servers(),
                                     {"eddy.dead.letters"}, 2, 30s);
  CHECK(letters.size() == 2);
  auto in_file = test::file_text(dir.path() + "/out/sensors-dead-letters.txt");
  CHECK(in_file.find("after the record's last field") != std::string::npos);
  CHECK(in_file.find("the record ends inside it") != std::string::npos);
}

TEST_CASE("a window over a threshold is an alert on the alerts topic and in "
          "the alerts file, once") {
  test::dev_kafka kafka{sensor_topics};
  test::temp_dir dir;
  auto all = readings(2000);
  auto expected = test::expected_rollups(all, window_ms);
  size_t alerts = 0;
  for (auto& [key, w] : expected)
    alerts +=
        w.temperature_max > 35 || w.humidity_max > 80 || w.battery_min < 20 ? 1
                                                                            : 0;
  REQUIRE(alerts > 0); // the generator makes some
  REQUIRE(alerts < expected.size());
  auto settings = sensor_settings(kafka, "none");
  settings.emplace_back("sink.kafka.exactly_once", "true");
  test::eddy_process eddy{dir.path(), settings};
  test::produce_readings(kafka.bootstrap_servers(), "iot-sensor-data", all);
  test::produce_readings(kafka.bootstrap_servers(), "iot-sensor-data",
                         closer());
  auto got = test::read_messages(kafka.bootstrap_servers(), {"sensor-alerts"},
                                 alerts + 1, 30s);
  CHECK(got.size() == alerts);
  for (auto& msg : got) {
    auto alert = nlohmann::json::parse(msg.payload);
    CHECK(msg.key == alert["device_id"].get<std::string>());
    CHECK_FALSE(alert["alerts"].empty());
  }
  auto lines = test::file_text(dir.path() + "/out/sensors-alerts.jsonl");
  CHECK(static_cast<size_t>(std::count(lines.begin(), lines.end(), '\n')) ==
        alerts);
}

TEST_CASE("readings from MQTT roll up into ClickHouse") {
  test::mosquitto_broker broker;
  test::clickhouse_server clickhouse;
  test::temp_dir dir;
  auto all = readings(500);
  test::eddy_process eddy{
      dir.path(),
      {{"jobs", "sensors"},
       {"mqtt.server.uri", broker.uri()},
       {"sensors.source.mqtt.enabled", "true"},
       {"sensors.clickhouse.url", clickhouse.url()},
       {"checkpoint.interval.ms", "200"},
       {"sensors.window.time", "event"},
       {"sensors.window.size", std::to_string(window_ms) + "ms"},
       {"sensors.window.out_of_orderness", "0ms"}}};
  // The subscription must exist before publishing, or the broker has no
  // session to queue for.
  REQUIRE(broker.wait_for_log("eddy-sensors", 10s));
  std::this_thread::sleep_for(500ms);
  auto publisher = broker.connect_publisher("sensors-test");
  for (auto& payload : all.payloads)
    REQUIRE_FALSE(publisher.publish("iot/sensors", payload));
  for (auto& payload : closer().payloads)
    REQUIRE_FALSE(publisher.publish("iot/sensors", payload));
  REQUIRE_FALSE(publisher.flush(30s));
  check_rows(clickhouse, test::expected_rollups(all, window_ms));
}

TEST_CASE("with nothing configured the job runs on its generator and writes "
          "its rollups to stdout") {
  test::temp_dir dir;
  test::eddy_process eddy{dir.path(),
                          {{"jobs", "sensors"},
                           {"sensors.window.size", "1s"},
                           {"sensors.generator.rate", "2000"},
                           {"sensors.generator.sensors", "10"}}};
  nlohmann::json stdout_sink;
  for (int i = 0; i < 100; ++i) {
    stdout_sink = sink_named(eddy, "rollups to stdout");
    if (stdout_sink.is_object() && stdout_sink["written"].get<uint64_t>() > 0)
      break;
    std::this_thread::sleep_for(100ms);
  }
  REQUIRE(stdout_sink.is_object());
  CHECK(stdout_sink["written"].get<uint64_t>() > 0);
  test::http_client client{"127.0.0.1", eddy.port()};
  auto jobs = nlohmann::json::parse(client.get("/v1/jobs").body);
  CHECK(jobs["jobs"][0]["name"] == "sensors");
  // A device's open window, between two of its readings.
  auto state = client.get("/v1/jobs/sensors/state/sensor_1");
  for (int i = 0; i < 50 && state.status != 200; ++i) {
    std::this_thread::sleep_for(100ms);
    state = client.get("/v1/jobs/sensors/state/sensor_1");
  }
  REQUIRE(state.status == 200);
  auto window = nlohmann::json::parse(state.body)["windows"][0];
  CHECK(window["readings"].get<int64_t>() > 0);
  CHECK(window["temperature"]["min"].get<double>() <=
        window["temperature"]["max"].get<double>());
}
