// Several jobs in one eddy process (jobs=inventory,machines): each with
// its own state directory, checkpoints and report; one that fails to start
// leaves the others running; the settings that choose jobs, and those that
// have no effect, are named at start-up. The real program against a real
// mosquitto and the dev Kafka cluster.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/support/dev_kafka.hpp"
#include "tests/support/eddy_process.hpp"
#include "tests/support/kafka_reader.hpp"
#include "tests/support/mosquitto_broker.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

json get_json(uint16_t port, const std::string& target) {
  test::http_client client{"127.0.0.1", port};
  return json::parse(client.get(target).body);
}

std::set<std::string> job_names(const json& jobs) {
  std::set<std::string> names;
  for (auto& job : jobs["jobs"])
    names.insert(job["name"].get<std::string>());
  return names;
}

uint64_t records_processed(const json& job) {
  uint64_t sum = 0;
  for (auto& partition : job["partitions"])
    sum += partition["recordsProcessed"].get<uint64_t>();
  return sum;
}

/// What the sink named `name` of `job` has written (0: no such sink).
uint64_t written_to(const json& job, const std::string& name) {
  for (auto& sink : job["sinks"])
    if (sink["name"] == name)
      return sink["written"].get<uint64_t>();
  return 0;
}

/// Polls `GET target` until `holds` is true of its body, for up to 30 s.
template <class Predicate>
json wait_for(uint16_t port, const std::string& target, Predicate holds) {
  auto body = get_json(port, target);
  for (int i = 0; i < 300 && !holds(body); ++i) {
    std::this_thread::sleep_for(100ms);
    body = get_json(port, target);
  }
  return body;
}

/// Settings under which the machines job cannot reach a broker; enough for jobs
/// that fail before they connect or never connect.
const test::settings_list unreachable_brokers{
    {"mqtt.server.uri", "tcp://127.0.0.1:1"},
    {"kafka.bootstrap.servers", "127.0.0.1:1"}};

} // namespace

TEST_CASE("two jobs in one process each run, report and keep their own "
          "state") {
  test::mosquitto_broker broker;
  test::dev_kafka kafka{
      {{"machine.data", 2}, {"machine.out", 1}, {"eddy.dead.letters", 1}}};
  test::temp_dir dir;
  test::eddy_process eddy{
      dir.path(),
      {{"jobs", "inventory,machines"},
       {"mqtt.server.uri", broker.uri()},
       {"kafka.bootstrap.servers", kafka.bootstrap_servers()},
       {"machines.mqtt.client.id", "eddy-multi-job-machines"},
       {"checkpoint.interval.ms", "200ms"}}};
  auto jobs = get_json(eddy.port(), "/v1/jobs");
  CHECK(job_names(jobs) == std::set<std::string>{"inventory", "machines"});
  for (auto& job : jobs["jobs"])
    CHECK_MESSAGE(job["state"] == "running", job["name"]);

  REQUIRE(broker.wait_for_log("eddy-multi-job-machines", 10s));
  // Connected is not yet subscribed: the broker must have the session
  // before anything is published to it.
  std::this_thread::sleep_for(500ms);
  auto publisher = broker.connect_publisher("multi-job-publisher");
  // One quantity each, neither torque nor speed: 5 states, 5 readings.
  for (int i = 0; i < 5; ++i)
    REQUIRE_FALSE(publisher.publish(
        "machine/states", json{{"Thing", "R08" + std::to_string(15 + i)},
                               {"Timestamp", 1554096460000 + i},
                               {"temp", i}}
                              .dump()));
  REQUIRE_FALSE(publisher.flush(30s));
  auto forwarded =
      test::read_messages(kafka.bootstrap_servers(), {"machine.data"}, 5, 60s);
  CHECK(forwarded.size() == 5);

  test::http_client client{"127.0.0.1", eddy.port()};
  auto applied = client.post(
      "/v1/transactions",
      R"({"transactionId":1,"ts":1,"itemId":"item_1","quantity":7})");
  CHECK(applied.status == 200);
  CHECK(get_json(eddy.port(), "/v1/items/item_1")["quantity"] == 7);

  auto machines = wait_for(eddy.port(), "/v1/jobs/machines", [](auto& job) {
    return written_to(job, "data to kafka machine.data") == 5 &&
           !job["checkpoints"].empty();
  });
  CHECK(written_to(machines, "data to kafka machine.data") == 5);
  CHECK(machines["sources"][0]["records"] == 5);
  CHECK_FALSE(machines["checkpoints"].empty());
  // Each job's partitions took only its own records.
  CHECK(records_processed(machines) == 5);
  CHECK(records_processed(get_json(eddy.port(), "/v1/jobs/inventory")) == 1);

  auto metrics = client.get("/metrics").body;
  CHECK(metrics.find("eddy_job_running{job=\"inventory\"} 1") !=
        std::string::npos);
  CHECK(metrics.find("eddy_job_running{job=\"machines\"} 1") !=
        std::string::npos);
  CHECK(std::filesystem::is_directory(dir.path() + "/state/inventory"));
  CHECK(std::filesystem::is_directory(dir.path() + "/state/machines"));
}

TEST_CASE("a job that fails to start is reported failed, and /readyz names "
          "it, while the other job runs") {
  test::temp_dir dir;
  std::filesystem::create_directories(dir.path() + "/state");
  // A file where the machines' state directory should be: it cannot start.
  std::ofstream{dir.path() + "/state/machines"} << "in the way\n";
  auto settings = unreachable_brokers;
  settings.emplace_back("jobs", "inventory,machines");
  test::eddy_process eddy{dir.path(), settings};

  auto machines = get_json(eddy.port(), "/v1/jobs/machines");
  CHECK(machines["state"] == "failed");
  CHECK(machines["failure"].get<std::string>().find("state/machines") !=
        std::string::npos);
  test::http_client client{"127.0.0.1", eddy.port()};
  auto ready = client.get("/readyz");
  CHECK(ready.status == 503);
  CHECK(ready.body.find("machines") != std::string::npos);
  auto applied = client.post(
      "/v1/transactions",
      R"({"transactionId":1,"ts":1,"itemId":"item_1","quantity":3})");
  CHECK(applied.status == 200);
  CHECK(get_json(eddy.port(), "/v1/jobs/inventory")["state"] == "running");
}

TEST_CASE("job= runs the one job it names, as jobs= does") {
  test::temp_dir dir;
  auto settings = unreachable_brokers;
  settings.emplace_back("job", "machines");
  test::eddy_process eddy{dir.path(), settings};
  CHECK(job_names(get_json(eddy.port(), "/v1/jobs")) ==
        std::set<std::string>{"machines"});
}

TEST_CASE("settings that have no effect with the others are named in a "
          "warning at start-up") {
  test::temp_dir dir;
  test::eddy_process eddy{dir.path(),
                          {{"kafka.bootstrap.servers", "127.0.0.1:1"},
                           {"machines.data.topic", "elsewhere"}},
                          test::eddy_output::printed_and_logged};
  auto& said = eddy.start_up();
  // No job reads Kafka (the inventory needs an input topic or a group as
  // well), and the machines job does not run.
  CHECK(said.find("kafka.bootstrap.servers (from --set) is set but has no "
                  "effect") != std::string::npos);
  CHECK(said.find("machines.data.topic (from --set) is set but has no "
                  "effect") != std::string::npos);
  CHECK(said.find("state.dir (from --set) is set but") == std::string::npos);
  CHECK(said.find("http.port (from --set) is set but") == std::string::npos);
}

TEST_CASE("an EDDY_ variable that names no key is ignored with a warning") {
  // What Kubernetes injects into every pod beside a Service named eddy.
  ::setenv("EDDY_SERVICE_HOST", "10.0.0.1", 1);
  test::temp_dir dir;
  test::eddy_process eddy{
      dir.path(), {}, test::eddy_output::printed_and_logged};
  ::unsetenv("EDDY_SERVICE_HOST");
  CHECK(eddy.start_up().find("environment variable EDDY_SERVICE_HOST is "
                             "not a configuration key: ignored") !=
        std::string::npos);
  CHECK(get_json(eddy.port(), "/v1/jobs/inventory")["state"] == "running");
}

TEST_CASE("listening beyond loopback with nothing guarding the API is "
          "warned about") {
  test::temp_dir dir;
  test::eddy_process open{dir.path() + "/open",
                          {{"http.address", "0.0.0.0"}},
                          test::eddy_output::printed_and_logged};
  CHECK(open.start_up().find("http.address 0.0.0.0 is reachable from other "
                             "machines") != std::string::npos);
  test::eddy_process guarded{
      dir.path() + "/guarded",
      {{"http.address", "0.0.0.0"}, {"admin.token", "a-token"}},
      test::eddy_output::printed_and_logged};
  CHECK(guarded.start_up().find("is reachable from other machines") ==
        std::string::npos);
}

TEST_CASE("job= and jobs= set to different jobs stop start-up naming both") {
  auto run = test::run_eddy_to_exit(
      {"--set", "job=machines", "--set", "jobs=inventory"});
  CHECK(run.exit_code == 1);
  CHECK(run.output.find("job: set to 'machines' while jobs is "
                        "'inventory'") != std::string::npos);
}

TEST_CASE("a job eddy does not know stops start-up naming it and the known "
          "ones") {
  auto run = test::run_eddy_to_exit({"--set", "jobs=inventory,ipdr-typo"});
  CHECK(run.exit_code == 1);
  CHECK(run.output.find("jobs: there is no job 'ipdr-typo'") !=
        std::string::npos);
  CHECK(run.output.find("machines") != std::string::npos);
}

TEST_CASE("--help lists every job's keys in a section of its own") {
  auto run = test::run_eddy_to_exit({"--help"});
  CHECK(run.exit_code == 0);
  auto inventory = run.output.find("settings of job inventory:");
  auto machines = run.output.find("settings of job machines:");
  REQUIRE(inventory != std::string::npos);
  REQUIRE(machines != std::string::npos);
  CHECK(run.output.find("transaction.input.topic", inventory) < machines);
  CHECK(run.output.find("machines.data.topic", machines) != std::string::npos);
}

TEST_CASE("--from-savepoint JOB=DIR starts the named job from a savepoint in "
          "a new state directory") {
  test::temp_dir dir;
  const test::settings_list admin{{"admin.token", "t0ken"},
                                  {"savepoint.dir", dir.path() + "/saved"}};
  std::string savepoint;
  {
    test::eddy_process first{dir.path() + "/first", admin};
    test::http_client client{"127.0.0.1", first.port()};
    REQUIRE(client
                .post("/v1/transactions",
                      R"({"transactionId":1,"ts":1,"itemId":"item_1",)"
                      R"("quantity":4})")
                .status == 200);
    auto saved = first.post_admin("/v1/jobs/inventory/savepoints", "t0ken");
    REQUIRE(saved.status == 201);
    savepoint = json::parse(saved.body)["path"];
  }
  test::eddy_process second{dir.path() + "/second",
                            admin,
                            test::eddy_output::printed,
                            {"--from-savepoint", "inventory=" + savepoint}};
  CHECK(get_json(second.port(), "/v1/items/item_1")["quantity"] == 4);
  CHECK(std::filesystem::is_directory(dir.path() + "/second/state/inventory"));
}
