// The IoT sensor rollup's pipeline in one process, fed readings by hand:
// per device and window the count, min, max and mean of every reading, the
// seed's motion and status rules, the sums, alerts for the windows that
// crossed a threshold, late readings to their output, the running window
// as the device's state.
#include "apps/sensors/sensor_pipeline.hpp"

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
using namespace eddy::sensors;
using namespace std::chrono_literals;

namespace {

constexpr int64_t minute_ms = 60000;
// 2025-01-01 00:00:00 UTC.
constexpr int64_t day = 1735689600000;

/// A reading of `device` at `second` past midnight (event time).
reading at(const std::string& device, int64_t second, double temperature,
           double humidity = 50, double battery = 90) {
  reading r;
  r.device_id = device;
  r.device_type = "temperature_sensor";
  r.site_id = "site_001";
  r.timestamp_ms = day + second * 1000;
  r.temperature = temperature;
  r.humidity = humidity;
  r.battery_level = battery;
  return r;
}

/// The job in event time with minute windows, fed by the manual source.
test::pipeline_tester event_time_job(options opts = {}) {
  opts.window.is_event_time = true;
  opts.window.size = 1min;
  opts.window.out_of_orderness = 0ms;
  return test::pipeline_tester{
      [opts] { return plan(opts, {manual_input<reading>({"in"})}); }};
}

std::map<std::string, rollup> by_device(const std::vector<rollup>& out) {
  std::map<std::string, rollup> result;
  for (auto& x : out)
    result[x.device_id + "@" + std::to_string(x.window_start)] = x;
  return result;
}

} // namespace

TEST_CASE("a window's rollup has the count, min, max and mean of every "
          "reading and the sums, per device") {
  auto tester = event_time_job();
  auto out = tester.collect<rollup>(rollup_output);
  tester.start();
  auto a = at("s1", 1, -4.5, 40, 80);
  a.packets_sent = 10;
  a.bytes_received = 1000;
  a.error_count = 2;
  a.co2_level = 420;
  auto b = at("s1", 30, -1.5, 60, 70);
  b.packets_sent = 5;
  b.bytes_received = 24;
  b.error_count = 1;
  tester.send<reading>("in", {a, b, at("s2", 59, 20), at("s1", 61, 0),
                              // Passes 0:02: the windows of 0:00 and 0:01
                              // close.
                              at("s3", 121, 0)});
  auto closed = by_device(out->poll_many(3));
  REQUIRE(closed.size() == 3);
  auto& s1 = closed["s1@" + std::to_string(day)];
  CHECK(s1.readings == 2);
  CHECK(s1.window_end == day + minute_ms);
  CHECK(s1.temperature.min == -4.5);
  CHECK(s1.temperature.max == -1.5); // the seed's max would be 4.9e-324
  CHECK(s1.temperature.avg() == -3.0);
  CHECK(s1.humidity.avg() == 50.0);
  CHECK(s1.battery_level.min == 70.0);
  CHECK(s1.co2_level.min == 400.0);
  CHECK(s1.co2_level.max == 420.0);
  CHECK(s1.packets_sent == 15);
  CHECK(s1.bytes_received == 1024);
  CHECK(s1.error_count == 3);
  CHECK(s1.device_type == "temperature_sensor");
  CHECK(s1.customer_id == "customer_0001");
  CHECK(closed["s2@" + std::to_string(day)].readings == 1);
  CHECK(closed["s1@" + std::to_string(day + minute_ms)].readings == 1);
}

TEST_CASE("motion is more than half of the readings and status their "
          "integer mean, as the seed's aggregator") {
  auto tester = event_time_job();
  auto out = tester.collect<rollup>(rollup_output);
  tester.start();
  std::vector<reading> in;
  for (int i = 0; i < 4; ++i) {
    auto r = at("m", i, 20);
    r.motion_detected = i < 2 ? 1 : 0; // 2 of 4: not more than half
    r.status = i == 0 ? 4 : 1;         // (4+1+1+1)/4 = 1
    in.push_back(r);
  }
  for (int i = 0; i < 3; ++i) {
    auto r = at("n", i, 20);
    r.motion_detected = i < 2 ? 1 : 0; // 2 of 3
    r.status = 3;
    in.push_back(r);
  }
  in.push_back(at("x", 61, 0));
  tester.send<reading>("in", in);
  auto closed = by_device(out->poll_many(2));
  REQUIRE(closed.size() == 2);
  CHECK(closed["m@" + std::to_string(day)].motion_detected == 0);
  CHECK(closed["m@" + std::to_string(day)].status == 1);
  CHECK(closed["n@" + std::to_string(day)].motion_detected == 1);
  CHECK(closed["n@" + std::to_string(day)].status == 3);
}

TEST_CASE("a window over a threshold is an alert naming which ones, and "
          "its row says so") {
  options opts;
  opts.alert_limits.temperature_above = 30;
  auto tester = event_time_job(opts);
  auto out = tester.collect<rollup>(rollup_output);
  auto alerts = tester.collect<alert>(alert_output);
  tester.start();
  tester.send<reading>("in", {at("hot", 1, 31), at("hot", 2, 20),
                              at("wet", 1, 20, 85), at("flat", 1, 20, 50, 19.5),
                              at("ok", 1, 30, 80, 20), at("x", 61, 0)});
  auto rows = by_device(out->poll_many(4));
  REQUIRE(rows.size() == 4);
  CHECK(rows["hot@" + std::to_string(day)].has_alert);
  CHECK_FALSE(rows["ok@" + std::to_string(day)].has_alert);
  std::map<std::string, alert> raised;
  for (auto& a : alerts->poll_many(3))
    raised[a.device_id] = a;
  REQUIRE(raised.size() == 3);
  CHECK(raised["hot"].high_temperature);
  CHECK(raised["hot"].max_temperature == 31);
  CHECK_FALSE(raised["hot"].high_humidity);
  CHECK(raised["wet"].high_humidity);
  CHECK(raised["flat"].low_battery);
  CHECK(raised["flat"].min_battery == 19.5);
  CHECK(raised["flat"].window_start == day);
  CHECK(alerts->poll(300ms) == std::nullopt); // "ok" sits on the limits
}

TEST_CASE("a reading later than its closed window goes to the late "
          "readings, and the emitted rollup stays") {
  auto tester = event_time_job();
  auto out = tester.collect<rollup>(rollup_output);
  auto late = tester.collect<reading>(late_output);
  tester.start();
  tester.send<reading>("in", {at("d", 10, 1), at("d", 61, 2)});
  auto closed = out->poll_many(1);
  REQUIRE(closed.size() == 1);
  tester.send<reading>("in", {at("d", 30, 5)});
  auto dropped = late->poll();
  REQUIRE(dropped);
  CHECK(dropped->temperature == 5);
  CHECK(out->poll(300ms) == std::nullopt);
}

TEST_CASE("a device's state shows its open window, and survives a restart "
          "from a checkpoint") {
  auto tester = event_time_job();
  auto out = tester.collect<rollup>(rollup_output);
  tester.start();
  tester.send<reading>("in", {at("s9", 5, 10), at("s9", 6, 14)});
  auto running = [&]() -> nlohmann::json {
    for (int i = 0; i < 100; ++i) {
      auto state = tester.job().state_of("s9");
      if (state && state->dump().find("\"readings\":2") != std::string::npos)
        return *state;
      std::this_thread::sleep_for(20ms);
    }
    return nullptr;
  };
  auto shown = running().dump();
  CHECK(shown.find("\"max\":14") != std::string::npos);
  tester.checkpoint();
  tester.restart();
  CHECK(running().dump().find("\"min\":10") != std::string::npos);
  tester.send<reading>("in", {at("s9", 7, 30), at("t", 61, 0)});
  auto closed = out->poll_many(1);
  REQUIRE(closed.size() == 1);
  CHECK(closed[0].readings == 3);
  CHECK(closed[0].temperature.max == 30);
}
