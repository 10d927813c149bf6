// What the eddy program reports about its job on /v1/jobs/{job}: the job
// graph, and per actor its records, load and watermark, as a person
// watching it (or the dashboard) reads them.
#include <chrono>
#include <set>
#include <string>
#include <thread>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/support/eddy_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

json inventory_job(uint16_t port) {
  test::http_client client{"127.0.0.1", port};
  auto reply = client.get("/v1/jobs/inventory");
  REQUIRE(reply.status == 200);
  return json::parse(reply.body);
}

// Polls the job for up to `timeout` until `holds` is true of it; returns
// the last report either way.
template <class Predicate>
json job_once(uint16_t port, Predicate holds,
              std::chrono::milliseconds timeout = 10s) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto job = inventory_job(port);
  while (!holds(job) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(100ms);
    job = inventory_job(port);
  }
  return job;
}

bool any_actor(const json& actors, const std::string& activity) {
  for (auto& actor : actors)
    if (actor["activity"] == activity)
      return true;
  return false;
}

const test::eddy_process::settings_list generating{
    {"generator.enabled", "true"}, {"generator.rate", "20000"}};

} // namespace

TEST_CASE("the job graph joins the sources to the partitions, the partitions "
          "to their windows and sinks, and every edge to known nodes") {
  test::temp_dir dir;
  test::eddy_process eddy{dir.path(), generating};
  auto graph = inventory_job(eddy.port())["graph"];
  std::set<std::string> nodes;
  for (auto& node : graph["nodes"])
    nodes.insert(node["id"].get<std::string>());
  for (auto& edge : graph["edges"]) {
    CHECK(nodes.count(edge["from"].get<std::string>()) == 1);
    CHECK(nodes.count(edge["to"].get<std::string>()) == 1);
  }
  CHECK(nodes.count("source/generator") == 1);
  CHECK(nodes.count("source/http") == 1);
  auto has_edge = [&](const std::string& from, const std::string& to,
                      const std::string& shipping) {
    for (auto& edge : graph["edges"])
      if (edge["from"] == from && edge["to"] == to &&
          edge["shipping"] == shipping)
        return true;
    return false;
  };
  CHECK(has_edge("source/generator", "partitions", "by key"));
  CHECK(has_edge("partitions", "windows", "one to one"));
  for (auto& node : graph["nodes"]) {
    if (node["kind"] == "partition" || node["kind"] == "window")
      CHECK(node["parallelism"] == 4);
    // The dead letters come from parsing sources; the generator's records
    // need no parsing.
    auto id = node["id"].get<std::string>();
    if (node["kind"] == "sink" && !id.starts_with("sink/dead letters"))
      CHECK((has_edge("partitions", id, "merge") ||
             has_edge("windows", id, "merge")));
  }
}

TEST_CASE("while the generator runs, partitions and windows report records in "
          "and out, their activity and a watermark near the wall clock") {
  test::temp_dir dir;
  test::eddy_process eddy{dir.path(), generating};
  auto job = job_once(eddy.port(), [](const json& job) {
    for (auto& p : job["partitions"])
      if (p["recordsOut"] == 0)
        return false;
    for (auto& w : job["windows"])
      if (w["recordsIn"] == 0 || w["watermarkMs"].is_null())
        return false;
    return true;
  });
  auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  REQUIRE(job["partitions"].size() == 4);
  REQUIRE(job["windows"].size() == 4);
  for (auto& p : job["partitions"]) {
    CAPTURE(p.dump());
    CHECK(p["recordsIn"] > 0);
    // Every transaction has a result, which goes to the window.
    CHECK(p["recordsOut"] > 0);
    CHECK(p["recordsOut"] <= p["recordsIn"]);
    CHECK(std::set<std::string>{"busy", "backpressured", "idle"}.count(
              p["activity"]) == 1);
    CHECK(p["busyPercent"] >= 0);
    CHECK(p["busyPercent"] <= 100);
  }
  for (auto& w : job["windows"]) {
    CAPTURE(w.dump());
    CHECK(w["recordsIn"] > 0);
    // Processing time: the windows close up to the last tick.
    CHECK(w["watermarkMs"].get<int64_t>() > now_ms - 10000);
    CHECK(w["watermarkMs"].get<int64_t>() <= now_ms);
  }
  for (auto& src : job["sources"])
    if (src["name"] == "generator")
      CHECK(src["recordsOut"] > 0);
}

TEST_CASE("a stalled sink is reported backpressured, and so are the "
          "partitions it holds back, until it writes again") {
  test::temp_dir dir;
  auto settings = generating;
  settings.insert(settings.end(), {{"admin.token", "secret"},
                                   {"admin.fault_injection", "true"},
                                   {"transaction.results.sink", "file"},
                                   {"sink.buffer.records", "1000"}});
  test::eddy_process eddy{dir.path(), settings};
  // Sink 0 takes the transaction results, which every partition sends.
  REQUIRE(inventory_job(eddy.port())["sinks"][0]["name"]
              .get<std::string>()
              .starts_with("transaction results"));
  auto stall =
      eddy.post_admin("/v1/jobs/inventory/sinks/0/stall?ms=4000", "secret");
  REQUIRE(stall.status == 202);
  auto held = job_once(eddy.port(), [](const json& job) {
    return job["sinks"][0]["activity"] == "backpressured" &&
           any_actor(job["partitions"], "backpressured");
  });
  CAPTURE(held.dump());
  CHECK(held["sinks"][0]["activity"] == "backpressured");
  CHECK(held["sinks"][0]["backpressuredPercent"] >= 50);
  CHECK(any_actor(held["partitions"], "backpressured"));
  auto freed = job_once(eddy.port(), [](const json& job) {
    return job["sinks"][0]["activity"] != "backpressured" &&
           !any_actor(job["partitions"], "backpressured");
  });
  CAPTURE(freed.dump());
  CHECK(freed["sinks"][0]["activity"] != "backpressured");
  CHECK_FALSE(any_actor(freed["partitions"], "backpressured"));
}
