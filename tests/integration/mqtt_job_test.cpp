// The inventory job and the machine data job fed by MQTT, against a real
// mosquitto broker (and the dev Kafka cluster for dead letters and the
// machines' split quantities).
#include "apps/machines/machine_job.hpp"

#include <algorithm>
#include <set>
#include <thread>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "apps/eddy/job_catalog.hpp"
#include "messages/json_codec.hpp"
#include "tests/support/dev_kafka.hpp"
#include "tests/support/job_tester.hpp"
#include "tests/support/kafka_reader.hpp"
#include "tests/support/mosquitto_broker.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {

std::string transaction_json(int64_t id) {
  std::string out;
  format_json(
      item_transaction{id, 1000 + id, "item_" + std::to_string(id % 7), 1},
      out);
  return out;
}

} // namespace

TEST_CASE("transactions published over MQTT reach the stock although the "
          "broker restarts in the middle") {
  test::mosquitto_broker broker;
  test::job_tester tester{{{"source.mqtt.enabled", "true"},
                           {"mqtt.server.uri", broker.uri()},
                           {"mqtt.client.id", "eddy-test-job"}}};
  // The subscription must exist before publishing, or the broker has no
  // session to queue for.
  REQUIRE(broker.wait_for_log("eddy-test-job", 10s));
  std::this_thread::sleep_for(500ms);
  auto publisher = broker.connect_publisher("test-publisher");
  const int count = 1000;
  for (int i = 0; i < count; ++i) {
    if (i == count / 2) {
      REQUIRE_FALSE(publisher.flush(30s));
      broker.restart();
    }
    REQUIRE_FALSE(publisher.publish("eddy/transactions", transaction_json(i)));
  }
  REQUIRE_FALSE(publisher.flush(30s));
  // QoS 1 is at least once: a message may come twice, none may be missing.
  std::set<int64_t> seen;
  auto deadline = std::chrono::steady_clock::now() + 60s;
  while (seen.size() < count && std::chrono::steady_clock::now() < deadline)
    if (auto res = tester.transaction_results->poll(1s))
      seen.insert(res->transaction.transaction_id);
  CHECK(seen.size() == count);
}

TEST_CASE("a malformed MQTT payload goes to the dead-letter topic with the "
          "reason and is counted") {
  test::mosquitto_broker broker;
  test::dev_kafka kafka{{{"eddy.dead.letters", 1}}};
  test::job_tester tester{
      {{"source.mqtt.enabled", "true"},
       {"mqtt.server.uri", broker.uri()},
       {"mqtt.client.id", "eddy-test-letters"},
       {"sink.kafka.enabled", "true"},
       {"kafka.bootstrap.servers", kafka.bootstrap_servers()}}};
  REQUIRE(broker.wait_for_log("eddy-test-letters", 10s));
  std::this_thread::sleep_for(500ms);
  auto publisher = broker.connect_publisher("test-publisher");
  REQUIRE_FALSE(publisher.publish("eddy/transactions", R"({"itemId":"x"})"));
  REQUIRE_FALSE(publisher.publish("eddy/transactions", transaction_json(1)));
  REQUIRE_FALSE(publisher.flush(30s));
  REQUIRE(tester.transaction_results->poll(30s));
  auto letters = test::read_messages(kafka.bootstrap_servers(),
                                     {"eddy.dead.letters"}, 1, 60s);
  REQUIRE(letters.size() == 1);
  CHECK(letters[0].payload.find("transactionId") != std::string::npos);
  auto status = tester.job().status();
  // The source, then transactions posted over HTTP.
  REQUIRE(status.sources.size() == 2);
  CHECK(status.sources[1].name == "http");
  CHECK(status.sources[0].name == "mqtt");
  CHECK(status.sources[0].malformed == 1);
  // Its state is the connection's: the job reports a lost broker.
  CHECK(status.sources[0].state == source_state::connected);
  broker.stop();
  for (int i = 0; i < 200 && status.sources[0].state == source_state::connected;
       ++i) {
    std::this_thread::sleep_for(50ms);
    status = tester.job().status();
  }
  CHECK(status.sources[0].state == source_state::reconnecting);
}

TEST_CASE("machine states published over MQTT come out on Kafka split per "
          "quantity and keyed <thing>.<quantity>") {
  test::mosquitto_broker broker;
  test::dev_kafka kafka{
      {{"machine.data", 5}, {"machine.out", 1}, {"eddy.dead.letters", 1}}};
  test::temp_dir dir;
  auto cfg = settings::defaults(catalog_keys());
  std::vector<std::pair<std::string, std::string>> values{
      {"jobs", "machines"},
      {"state.dir", dir.path() + "/state"},
      {"output.dir", dir.path() + "/out"},
      {"mqtt.server.uri", broker.uri()},
      {"machines.mqtt.client.id", "eddy-test-machines"},
      {"kafka.bootstrap.servers", kafka.bootstrap_servers()}};
  for (auto& [key, value] : values)
    REQUIRE_FALSE(cfg.set(key, value, "test"));
  caf::actor_system_config sys_cfg;
  sys_cfg.set("scheduler.max-threads", size_t{2});
  caf::actor_system sys{sys_cfg};
  auto job = machines::start(sys, cfg);
  REQUIRE_MESSAGE(job, describe(job.error()));
  REQUIRE(broker.wait_for_log("eddy-test-machines", 10s));
  std::this_thread::sleep_for(500ms);
  auto publisher = broker.connect_publisher("test-publisher");
  // Seed 003's simulator's states: 20 of them, 3 quantities each.
  for (int i = 0; i < 20; ++i)
    REQUIRE_FALSE(publisher.publish(
        "machine/states",
        nlohmann::json{{"Thing", "R08" + std::to_string(15 + i % 3)},
                       {"Timestamp", 1554096460000 + 100 * i},
                       {"id", i},
                       {"vaTorque_C11", 10.0 + i},
                       {"actSpeed_C11", 1500.0},
                       {"actPosition_C11", 0.5 * i}}
            .dump()));
  REQUIRE_FALSE(publisher.publish("machine/states", "not json"));
  REQUIRE_FALSE(publisher.flush(30s));
  auto split =
      test::read_messages(kafka.bootstrap_servers(), {"machine.data"}, 60, 60s);
  REQUIRE(split.size() == 60);
  std::set<std::string> keys;
  for (auto& msg : split) {
    auto reading = nlohmann::json::parse(msg.payload);
    CHECK(msg.key == reading["thing"].get<std::string>() + "." +
                         reading["quantity"].get<std::string>());
    keys.insert(msg.key);
  }
  CHECK(keys.size() == 9); // 3 machines, 3 quantities
  CHECK(keys.count("R0815.vaTorque_C11") == 1);
  auto letters = test::read_messages(kafka.bootstrap_servers(),
                                     {"eddy.dead.letters"}, 1, 30s);
  REQUIRE(letters.size() == 1);
  CHECK(letters[0].payload.find("invalid JSON") != std::string::npos);
  auto status = (*job)->status();
  CHECK(status.sources[0].malformed == 1);
  auto to_kafka = std::find_if(
      status.sinks.begin(), status.sinks.end(), [](const sink_status& sink) {
        return sink.name == "data to kafka machine.data";
      });
  REQUIRE(to_kafka != status.sinks.end());
  CHECK(to_kafka->written == 60);
}
