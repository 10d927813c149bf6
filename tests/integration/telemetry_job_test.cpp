// The telemetry validation and deduplication (seed 004) as users run it:
// the eddy program with jobs=telemetry on the dev Kafka cluster, writing a
// real PostgreSQL and a real InfluxDB (QuestDB's stand-in for line
// protocol): every valid event once on the topic and in PostgreSQL with its
// flag, across a kill -9 of eddy and a PostgreSQL restart; malformed, stale
// and future events as counted dead letters; line protocol timestamps read
// back as the events' times; MQTT input; the generator when nothing is
// configured.
#include <chrono>
#include <map>
#include <set>
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
#include "tests/support/postgres_server.hpp"
#include "tests/support/telemetry_reference.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {

const std::vector<test::dev_kafka::topic> telemetry_topics{
    {"raw_telemetry", 2}, {"validated_telemetry", 2}, {"eddy.dead.letters", 1}};

/// The README's start, checkpoints every 200 ms, database batches of 50.
test::settings_list telemetry_settings(const test::dev_kafka& kafka) {
  return {{"jobs", "telemetry"},
          {"kafka.bootstrap.servers", kafka.bootstrap_servers()},
          {"kafka.group.id", test::unique_group_id()},
          {"kafka.session.timeout.ms", "6000"},
          {"kafka.heartbeat.interval.ms", "500"},
          {"checkpoint.interval.ms", "200"},
          {"telemetry.postgres.batch.rows", "50"},
          {"telemetry.questdb.batch.rows", "50"}};
}

/// `count` events 20 ms apart, ending a minute ago.
test::telemetry_workload workload(int64_t count) {
  return test::make_workload(count, wall_clock_ms() - 60000 - count * 20, 20);
}

/// The validated events on the topic, as JSON texts, once per event_id (the
/// dev cluster shows aborted transactions' records too: a kill -9 repeats
/// what its open transaction held); checks each copy is the same event.
std::vector<std::string> validated_on_topic(const test::dev_kafka& kafka,
                                            size_t expected) {
  auto messages = test::read_messages(
      kafka.bootstrap_servers(), {"validated_telemetry"}, expected * 3, 20s);
  std::map<std::string, std::string> by_id;
  for (auto& msg : messages) {
    auto e = nlohmann::json::parse(msg.payload);
    CHECK(msg.key == e["site_id"].get<std::string>() + ":" +
                         e["asset_id"].get<std::string>() + ":" +
                         e["sensor_id"].get<std::string>());
    by_id.try_emplace(e["event_id"].get<std::string>(), msg.payload);
  }
  std::vector<std::string> events;
  for (auto& [id, text] : by_id)
    events.push_back(text);
  return events;
}

/// The rows of sensor_readings as the validated topic's JSON would say
/// them, for test::differences.
std::vector<std::string> rows_as_events(test::postgres_server& postgres) {
  auto text = postgres.query(
      "SELECT event_id, (extract(epoch FROM timestamp) * 1000)::bigint, "
      "site_id, asset_id, sensor_id, value, quality_flag, "
      "(extract(epoch FROM ingested_at) * 1000)::bigint, sensor_type, unit, "
      "metadata->>'location' FROM sensor_readings");
  std::vector<std::string> events;
  std::string line;
  for (size_t at = 0; at < text.size();) {
    auto end = text.find('\n', at);
    line = text.substr(at, end - at);
    at = end + 1;
    std::vector<std::string> f;
    for (size_t from = 0;;) {
      auto tab = line.find('\t', from);
      f.push_back(line.substr(from, tab - from));
      if (tab == std::string::npos)
        break;
      from = tab + 1;
    }
    REQUIRE(f.size() == 11);
    CHECK_FALSE(f[8].empty());
    CHECK(f[10].starts_with("zone-"));
    events.push_back(nlohmann::json{{"event_id", f[0]},
                                    {"timestamp", std::stoll(f[1])},
                                    {"site_id", f[2]},
                                    {"asset_id", f[3]},
                                    {"sensor_id", f[4]},
                                    {"value", std::stod(f[5])},
                                    {"quality_flag", f[6]},
                                    {"processed_at", std::stoll(f[7])}}
                         .dump());
  }
  return events;
}

/// Checks that PostgreSQL comes to hold `expected`, each event once.
void check_rows(test::postgres_server& postgres,
                const std::map<std::string, test::expected_event>& expected) {
  std::string diffs = "no table";
  auto deadline = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      diffs = test::differences(expected, rows_as_events(postgres));
    } catch (const std::runtime_error&) {
      // The table does not exist before the first insert.
    }
    if (diffs.empty())
      break;
    std::this_thread::sleep_for(500ms);
  }
  CHECK_MESSAGE(diffs.empty(), diffs);
}

nlohmann::json job_report(test::eddy_process& eddy) {
  test::http_client client{"127.0.0.1", eddy.port()};
  return nlohmann::json::parse(client.get("/v1/jobs").body)["jobs"][0];
}

} // namespace

TEST_CASE("every valid event reaches Kafka and PostgreSQL once with its "
          "flag, across a kill -9 of eddy and a PostgreSQL restart") {
  test::dev_kafka kafka{telemetry_topics};
  test::postgres_server postgres;
  test::temp_dir dir;
  auto all = workload(3000);
  REQUIRE(all.duplicates > 0);
  auto settings = telemetry_settings(kafka);
  settings.emplace_back("telemetry.postgres.url", postgres.url());
  settings.emplace_back("sink.kafka.exactly_once", "true");
  auto bootstrap = kafka.bootstrap_servers();
  auto produce = [&](size_t from) {
    auto part = all.slice(from, 1000);
    test::produce_messages(bootstrap, "raw_telemetry", part.keys,
                           part.payloads);
  };
  {
    test::eddy_process eddy{dir.path(), settings};
    produce(0);
    test::wait_processed(eddy, 800);
    std::this_thread::sleep_for(500ms); // a few checkpoints
    eddy.kill();
  }
  test::eddy_process eddy{dir.path(), settings};
  produce(1000);
  test::wait_processed(eddy, 800);
  postgres.restart();
  produce(2000);
  check_rows(postgres, all.expected);
  auto on_topic = validated_on_topic(kafka, all.expected.size());
  CHECK_MESSAGE(test::differences(all.expected, on_topic).empty(),
                test::differences(all.expected, on_topic));
  nlohmann::json inserts;
  auto report = job_report(eddy);
  for (auto& figure : report["figures"])
    if (figure["id"] == "postgres_inserts")
      inserts = figure;
  REQUIRE(inserts.is_object());
  CHECK(inserts["title"].get<std::string>().starts_with(
      "PostgreSQL sensor_readings ("));
}

TEST_CASE("malformed, stale and future events are dead letters with their "
          "reasons, counted, line protocol carries the events' own times") {
  test::dev_kafka kafka{telemetry_topics};
  test::influxdb_server influx;
  test::temp_dir dir;
  auto all = workload(600);
  REQUIRE(all.malformed > 0);
  REQUIRE(all.stale > 0);
  auto settings = telemetry_settings(kafka);
  settings.emplace_back("telemetry.questdb.url", influx.url());
  settings.emplace_back("telemetry.questdb.database", "telemetry");
  test::produce_messages(kafka.bootstrap_servers(), "raw_telemetry", all.keys,
                         all.payloads);
  test::eddy_process eddy{dir.path(), settings};
  auto letters =
      test::read_messages(kafka.bootstrap_servers(), {"eddy.dead.letters"},
                          all.malformed + all.stale, 30s);
  CHECK(letters.size() == all.malformed + all.stale);
  auto in_file =
      test::file_text(dir.path() + "/out/telemetry-dead-letters.txt");
  for (auto reason : {"invalid JSON", "not a JSON object",
                      "required field 'timestamp' is missing",
                      "field 'value': expected a number", "stale: event time",
                      "future: event time"}) {
    CAPTURE(reason);
    CHECK(in_file.find(reason) != std::string::npos);
  }
  // Every expected event in InfluxDB at its own time (ms), with its flag.
  std::map<std::string, std::pair<int64_t, std::string>> stored;
  auto deadline = std::chrono::steady_clock::now() + 60s;
  while (stored.size() < all.expected.size() &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(500ms);
    auto reply = nlohmann::json::parse(influx.query(
        "telemetry",
        "SELECT event_id, quality_flag, value FROM sensor_readings", "ms"));
    auto& series = reply["results"][0]["series"];
    if (!series.is_array())
      continue;
    stored.clear();
    for (auto& row : series[0]["values"])
      stored[row[1].get<std::string>()] = {row[0].get<int64_t>(),
                                           row[2].get<std::string>()};
  }
  CHECK(stored.size() == all.expected.size());
  for (auto& [event_id, x] : all.expected) {
    const std::string& id = event_id;
    CAPTURE(id);
    auto got = stored.find(id);
    REQUIRE(got != stored.end());
    CHECK(got->second.first == x.timestamp_ms);
    CHECK(got->second.second == x.quality_flag);
  }
  test::http_client client{"127.0.0.1", eddy.port()};
  auto metrics = client.get("/metrics").body;
  CHECK(metrics.find("eddy_malformed_records_total{job=\"telemetry\",actor="
                     "\"source/kafka\"} " +
                     std::to_string(all.malformed + all.stale)) !=
        std::string::npos);
  // The panel counts each outcome.
  std::map<std::string, double> totals;
  auto report = job_report(eddy);
  for (auto& figure : report["figures"])
    if (figure["id"] == "events_by_outcome")
      for (auto& point : figure["points"])
        totals[point[0]] = point[1];
  CHECK(totals.size() == 6);
}

TEST_CASE("events from MQTT are validated onto the topic") {
  test::dev_kafka kafka{telemetry_topics};
  test::mosquitto_broker broker;
  test::temp_dir dir;
  auto all = workload(300);
  auto settings = telemetry_settings(kafka);
  settings.emplace_back("mqtt.server.uri", broker.uri());
  settings.emplace_back("telemetry.source.mqtt.enabled", "true");
  settings.emplace_back("telemetry.source.kafka.enabled", "false");
  test::eddy_process eddy{dir.path(), settings};
  // The subscription must exist before publishing, or the broker has no
  // session to queue for.
  REQUIRE(broker.wait_for_log("eddy-telemetry", 10s));
  std::this_thread::sleep_for(500ms);
  auto publisher = broker.connect_publisher("telemetry-test");
  for (auto& payload : all.payloads) {
    // telemetry/{site}/{asset}/{TYPE}, as the seed's publisher sends.
    auto e = nlohmann::json::parse(payload, nullptr, false);
    auto topic = e.is_object() && e.contains("site_id")
                     ? "telemetry/" + e["site_id"].get<std::string>() + "/" +
                           e["asset_id"].get<std::string>() + "/" +
                           e["sensor_type"].get<std::string>()
                     : std::string{"telemetry/unknown/unknown/UNKNOWN"};
    REQUIRE_FALSE(publisher.publish(topic, payload));
  }
  REQUIRE_FALSE(publisher.flush(30s));
  auto on_topic = validated_on_topic(kafka, all.expected.size());
  CHECK_MESSAGE(test::differences(all.expected, on_topic).empty(),
                test::differences(all.expected, on_topic));
}

TEST_CASE("with nothing configured the job runs on its generator and writes "
          "validated events to stdout, the seed's dedup rule keeps each "
          "sensor's last value as state") {
  test::temp_dir dir;
  test::eddy_process eddy{dir.path(),
                          {{"jobs", "telemetry"},
                           {"telemetry.generator.rate", "2000"},
                           {"telemetry.generator.sensors", "10"},
                           {"telemetry.dedup.mode", "near_value"}}};
  nlohmann::json stdout_sink;
  for (int i = 0; i < 100; ++i) {
    auto report = job_report(eddy);
    for (auto& sink : report["sinks"])
      if (sink["name"] == "validated to stdout")
        stdout_sink = sink;
    if (stdout_sink.is_object() && stdout_sink["written"].get<uint64_t>() > 0)
      break;
    std::this_thread::sleep_for(100ms);
  }
  REQUIRE(stdout_sink.is_object());
  CHECK(stdout_sink["written"].get<uint64_t>() > 0);
  // A sensor's dedup state: the time and value of its last event let
  // through.
  test::http_client client{"127.0.0.1", eddy.port()};
  auto state = client.get("/v1/jobs/telemetry/state/site-0:asset-0:sensor-0");
  REQUIRE(state.status == 200);
  auto last = nlohmann::json::parse(state.body)["value"];
  REQUIRE(last.size() == 2);
  CHECK(last[0].get<int64_t>() > wall_clock_ms() - 60000);
}
