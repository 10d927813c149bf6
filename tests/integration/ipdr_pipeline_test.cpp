// The IPDR rollup's pipeline in one process, fed parsed IPDRs by hand:
// usage summed per (modem, hour), cmtshost and scn of the window's first
// record, only the configured service, late records to their output, the
// running usage as the key's state.
#include "apps/ipdr/ipdr_pipeline.hpp"

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "runtime/source_plan.hpp"
#include "tests/support/pipeline_tester.hpp"

using namespace eddy;
using namespace eddy::ipdr;
using namespace std::chrono_literals;

namespace {

constexpr int64_t hour_ms = 3600000;
// 2023-08-01 00:00:00 UTC.
constexpr int64_t day = 1690848000000;

/// An IPDR of `mac` at `minute` past midnight (event time).
record at(const std::string& mac, int64_t minute, int64_t octets,
          const std::string& scn = "data",
          const std::string& host = "turner.biz") {
  auto from = day + minute * 60000;
  auto hour = static_cast<int32_t>(minute / 60);
  return record{key_of(mac, hour), host, scn, octets, from, hour};
}

/// The job in event time with hour windows, fed by the manual source "in".
test::pipeline_tester event_time_job(options opts = {}) {
  opts.window.is_event_time = true;
  opts.window.size = 1h;
  opts.window.out_of_orderness = 0ms;
  return test::pipeline_tester{
      [opts] { return plan(opts, {manual_input<record>({"in"})}); }};
}

std::map<std::string, usage> by_key(const std::vector<usage>& out) {
  std::map<std::string, usage> result;
  for (auto& u : out)
    result[u.mac + "|" + std::to_string(u.hour)] = u;
  return result;
}

} // namespace

TEST_CASE("usage is summed per modem and hour, with the first record's "
          "cmtshost and scn, over the data service only") {
  auto tester = event_time_job();
  auto out = tester.collect<usage>(usage_output);
  tester.start();
  tester.send<record>("in", {at("M1", 10, 100, "data", "first.host"),
                             at("M1", 20, 50, "data", "second.host"),
                             at("M1", 25, 7000, "video"), at("M2", 30, 1),
                             at("M1", 70, 9),
                             // Passes 2:00: the windows of 0:00 and 1:00
                             // close.
                             at("M3", 121, 1)});
  auto closed = by_key(out->poll_many(3));
  REQUIRE(closed.size() == 3);
  CHECK(closed["M1|0"].octets == 150);
  CHECK(closed["M1|0"].cmts_host == "first.host");
  CHECK(closed["M1|0"].scn == "data");
  CHECK(closed["M1|0"].window_start == day);
  CHECK(closed["M1|0"].window_end == day + hour_ms);
  CHECK(closed["M2|0"].octets == 1);
  CHECK(closed["M1|1"].octets == 9);
  std::string json;
  format_json(closed["M1|0"], json);
  CHECK(json == R"({"hourUsage":0,"cmtshost":"first.host","scn":"data",)"
                R"("mac":"M1","usage":150})");
}

TEST_CASE("ipdr.filter.scn picks the service rolled up") {
  options opts;
  opts.scn = "video";
  auto tester = event_time_job(opts);
  auto out = tester.collect<usage>(usage_output);
  tester.start();
  tester.send<record>("in", {at("M1", 10, 100), at("M1", 11, 7, "video"),
                             at("M1", 70, 1, "video")});
  auto closed = out->poll_many(1);
  REQUIRE(closed.size() == 1);
  CHECK(closed[0].octets == 7);
  CHECK(closed[0].scn == "video");
}

TEST_CASE("an IPDR later than its closed window goes to the late records, "
          "and the emitted usage stays") {
  auto tester = event_time_job();
  auto out = tester.collect<usage>(usage_output);
  auto late = tester.collect<record>(late_output);
  tester.start();
  tester.send<record>("in", {at("M1", 10, 100), at("M1", 61, 1)});
  auto closed = out->poll_many(1);
  REQUIRE(closed.size() == 1);
  CHECK(closed[0].octets == 100);
  tester.send<record>("in", {at("M1", 30, 5)});
  auto dropped = late->poll();
  REQUIRE(dropped);
  CHECK(dropped->key == "M1|0");
  CHECK(dropped->octets == 5);
  CHECK(out->poll(300ms) == std::nullopt);
}

TEST_CASE("a key's state shows the running usage of its open window, and "
          "survives a restart from a checkpoint") {
  auto tester = event_time_job();
  auto out = tester.collect<usage>(usage_output);
  tester.start();
  tester.send<record>("in", {at("M7", 5, 40), at("M7", 6, 2)});
  auto running = [&]() -> nlohmann::json {
    for (int i = 0; i < 100; ++i) {
      auto state = tester.job().state_of("M7|0");
      if (state && state->dump().find("42") != std::string::npos)
        return *state;
      std::this_thread::sleep_for(20ms);
    }
    return nullptr;
  };
  CHECK(running().dump().find("\"usage\":42") != std::string::npos);
  tester.checkpoint();
  tester.restart();
  CHECK(running().dump().find("\"usage\":42") != std::string::npos);
  tester.send<record>("in", {at("M7", 7, 8), at("M8", 61, 0)});
  auto closed = out->poll_many(1);
  REQUIRE(closed.size() == 1);
  CHECK(closed[0].octets == 50);
}
