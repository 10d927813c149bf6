// Sources that fail loudly: a Kafka or MQTT source without its broker is
// reported disconnected on /v1/jobs once source.ready.timeout passed, and
// /readyz answers 503 naming the job, the source and why, until the broker
// is back. The real eddy program against a closed port, the dev Kafka
// cluster and a real mosquitto.
#include <chrono>
#include <string>
#include <thread>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/support/closed_port.hpp"
#include "tests/support/dev_kafka.hpp"
#include "tests/support/eddy_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/mosquitto_broker.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

/// The inventory's source `name` as /v1/jobs reports it (null if absent).
json source_of(uint16_t port, const std::string& name) {
  test::http_client client{"127.0.0.1", port};
  auto jobs = json::parse(client.get("/v1/jobs/inventory").body);
  for (auto& source : jobs["sources"])
    if (source["name"] == name)
      return source;
  return nullptr;
}

/// Polls the inventory's source `name` until its state is `state`, for up
/// to 30 s; answers it as last seen.
json wait_for_state(uint16_t port, const std::string& name,
                    const std::string& state) {
  auto source = source_of(port, name);
  for (int i = 0; i < 300 && (source.is_null() || source["state"] != state);
       ++i) {
    std::this_thread::sleep_for(100ms);
    source = source_of(port, name);
  }
  return source;
}

test::http_reply readiness(uint16_t port) {
  test::http_client client{"127.0.0.1", port};
  return client.get("/readyz");
}

} // namespace

TEST_CASE("a Kafka source whose broker cannot be reached is reported "
          "disconnected, and /readyz answers 503 naming the job and the "
          "source") {
  test::closed_port nobody;
  test::temp_dir dir;
  auto started = std::chrono::steady_clock::now();
  test::eddy_process eddy{dir.path(),
                          {{"source.kafka.enabled", "true"},
                           {"kafka.bootstrap.servers", nobody.address()},
                           {"kafka.group.id", "eddy-readiness-dead-broker"},
                           {"source.ready.timeout", "1s"}}};
  auto kafka = wait_for_state(eddy.port(), "kafka", "disconnected");
  CHECK(std::chrono::steady_clock::now() - started < 30s);
  REQUIRE(kafka["state"] == "disconnected");
  CHECK(kafka["reason"].get<std::string>().find(nobody.address()) !=
        std::string::npos);
  auto ready = readiness(eddy.port());
  CHECK(ready.status == 503);
  auto body = json::parse(ready.body);
  CHECK(body["error"] == "not_ready");
  CHECK(body["job"] == "inventory");
  CHECK(body["source"] == "kafka");
  CHECK(body["state"] == "disconnected");
  CHECK(body["reason"].get<std::string>().find("no broker can be reached") !=
        std::string::npos);
  CHECK(body["detail"].get<std::string>().find(
            "job inventory: source kafka is disconnected") !=
        std::string::npos);
}

TEST_CASE("a Kafka source on a reachable cluster runs, and /readyz answers "
          "200") {
  test::dev_kafka kafka{{{"transaction.log.1", 2}, {"query.input.log.1", 1}}};
  test::temp_dir dir;
  test::eddy_process eddy{
      dir.path(),
      {{"source.kafka.enabled", "true"},
       {"kafka.bootstrap.servers", kafka.bootstrap_servers()},
       {"kafka.group.id", "eddy-readiness-live-broker"},
       {"kafka.session.timeout.ms", "6000"},
       {"source.ready.timeout", "1s"}}};
  // The dev cluster holds a new group's first assignment for 3 s: the
  // source may be disconnected until then.
  auto source = wait_for_state(eddy.port(), "kafka", "running");
  REQUIRE(source["state"] == "running");
  CHECK(source["reason"] == "");
  auto ready = readiness(eddy.port());
  for (int i = 0; i < 100 && ready.status != 200; ++i) {
    std::this_thread::sleep_for(100ms);
    ready = readiness(eddy.port());
  }
  CHECK_MESSAGE(ready.status == 200, ready.body);
}

TEST_CASE("an MQTT source without its broker is reported disconnected and "
          "/readyz names it, once the broker is up it is connected and "
          "/readyz answers 200") {
  test::mosquitto_broker broker;
  broker.stop(); // its port stays reserved for the restart below
  test::temp_dir dir;
  test::eddy_process eddy{dir.path(),
                          {{"source.mqtt.enabled", "true"},
                           {"mqtt.server.uri", broker.uri()},
                           {"mqtt.client.id", "eddy-readiness-test"},
                           {"source.ready.timeout", "1s"}}};
  auto mqtt = wait_for_state(eddy.port(), "mqtt", "disconnected");
  REQUIRE(mqtt["state"] == "disconnected");
  CHECK(mqtt["reason"].get<std::string>().find("without the broker") !=
        std::string::npos);
  auto ready = readiness(eddy.port());
  CHECK(ready.status == 503);
  auto body = json::parse(ready.body);
  CHECK(body["job"] == "inventory");
  CHECK(body["source"] == "mqtt");
  CHECK(body["state"] == "disconnected");

  broker.restart();
  mqtt = wait_for_state(eddy.port(), "mqtt", "connected");
  CHECK(mqtt["state"] == "connected");
  CHECK(mqtt["reason"] == "");
  CHECK(readiness(eddy.port()).status == 200);
}
