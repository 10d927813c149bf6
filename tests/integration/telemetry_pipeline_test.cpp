// The telemetry job's pipeline in one process, fed events by hand:
// duplicates by event_id dropped per sensor, remembered across a restart
// and forgotten once the dedup window has passed in event time; the seed's
// near-value rule without its division by zero; flags and processed_at on
// what passes.
#include "apps/telemetry/telemetry_pipeline.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "actors/wall_clock.hpp"
#include "runtime/source_plan.hpp"
#include "tests/support/pipeline_tester.hpp"

using namespace eddy;
using namespace eddy::telemetry;
using namespace std::chrono_literals;

namespace {

constexpr int64_t t0 = 1'700'000'000'000;

event make_event(std::string id, int64_t ts, std::string sensor = "s1",
                 double value = 20.0) {
  event e;
  e.event_id = std::move(id);
  e.timestamp_ms = ts;
  e.site_id = "site";
  e.asset_id = "asset";
  e.sensor_type = "TEMPERATURE";
  e.sensor_id = std::move(sensor);
  e.value = value;
  e.unit = "C";
  e.key = key_of(e.site_id, e.asset_id, e.sensor_id);
  return e;
}

/// The job on the manual source, no out-of-orderness (the watermark is the
/// newest event time), with `dedup`.
test::pipeline_tester job_with(dedup_settings dedup) {
  options opts;
  opts.dedup = dedup;
  opts.event_time.out_of_orderness = 0ms;
  opts.event_time.idle_timeout = 0ms;
  return test::pipeline_tester{
      [opts] { return plan(opts, {manual_input<event>({"in"})}); }};
}

// "id@sensor ..." of `events`, sorted: sensors are keys of their own, whose
// outputs may interleave in any order.
std::string ids_of(const std::vector<event>& events) {
  std::vector<std::string> ids;
  for (auto& e : events)
    ids.push_back(e.event_id + "@" + e.sensor_id);
  std::sort(ids.begin(), ids.end());
  std::string text;
  for (auto& id : ids)
    text += (text.empty() ? "" : " ") + id;
  return text;
}

std::string sorted(std::vector<std::string> ids) {
  std::vector<event> events;
  for (auto& id : ids) {
    auto at = id.find('@');
    events.push_back(make_event(id.substr(0, at), 0, id.substr(at + 1)));
  }
  return ids_of(events);
}

/// Sends `events`, then waits for `passed` validated and `dropped`
/// duplicate events; checks no more arrive.
void expect(test::pipeline_tester& tester, test::collected<event>& validated,
            test::collected<event>& duplicates, std::vector<event> events,
            std::vector<std::string> passed, std::vector<std::string> dropped) {
  tester.send<event>("in", std::move(events));
  CHECK(ids_of(validated.poll_many(passed.size())) == sorted(passed));
  CHECK(ids_of(duplicates.poll_many(dropped.size())) == sorted(dropped));
  CHECK_FALSE(validated.poll(100ms));
  CHECK_FALSE(duplicates.poll(10ms));
}

} // namespace

TEST_CASE("an event_id seen before from the same sensor is a duplicate, "
          "from another sensor it is not") {
  auto tester = job_with({});
  auto validated = tester.collect<event>(validated_output);
  auto duplicates = tester.collect<event>(duplicates_output);
  tester.start();
  auto before = wall_clock_ms();
  expect(tester, *validated, *duplicates,
         {make_event("a", t0), make_event("b", t0 + 10),
          make_event("a", t0 + 20), make_event("a", t0 + 30, "s2")},
         {"a@s1", "b@s1", "a@s2"}, {"a@s1"});
  tester.send<event>("in", {make_event("c", t0 + 40)});
  auto c = validated->poll();
  REQUIRE(c);
  CHECK(c->processed_at >= before);
  CHECK(c->processed_at <= wall_clock_ms());
}

TEST_CASE("the seen ids outlive a restart") {
  auto tester = job_with({});
  auto validated = tester.collect<event>(validated_output);
  auto duplicates = tester.collect<event>(duplicates_output);
  tester.start();
  expect(tester, *validated, *duplicates,
         {make_event("a", t0), make_event("b", t0 + 1)}, {"a@s1", "b@s1"}, {});
  tester.checkpoint();
  tester.restart();
  expect(tester, *validated, *duplicates,
         {make_event("b", t0 + 2), make_event("a", t0 + 3),
          make_event("c", t0 + 4)},
         {"c@s1"}, {"b@s1", "a@s1"});
}

TEST_CASE("a seen id is forgotten once the dedup window has passed in event "
          "time, so the state stays bounded") {
  auto tester = job_with({.window = 10s});
  auto validated = tester.collect<event>(validated_output);
  auto duplicates = tester.collect<event>(duplicates_output);
  tester.start();
  expect(tester, *validated, *duplicates,
         {make_event("a", t0), make_event("a", t0 + 9'000)}, {"a@s1"},
         {"a@s1"});
  // The watermark (the newest time less 1 ms) passes t0 + 10 s: "a" of t0
  // is forgotten.
  expect(tester, *validated, *duplicates, {make_event("later", t0 + 10'002)},
         {"later@s1"}, {});
  expect(tester, *validated, *duplicates, {make_event("a", t0 + 10'003)},
         {"a@s1"}, {});
}

TEST_CASE("near_value: within the window and the tolerance of the last "
          "event let through is a duplicate, a last value of 0 matches only "
          "0") {
  auto tester = job_with(
      {.mode = dedup_mode::near_value, .window = 60s, .tolerance = 0.01});
  auto validated = tester.collect<event>(validated_output);
  auto duplicates = tester.collect<event>(duplicates_output);
  tester.start();
  expect(
      tester, *validated, *duplicates,
      {make_event("1", t0, "s1", 100.0), make_event("2", t0 + 1, "s1", 100.5),
       make_event("3", t0 + 2, "s1", 101.0),
       make_event("4", t0 + 60'002, "s1", 101.0),
       make_event("5", t0 + 3, "s2", 0.0), make_event("6", t0 + 4, "s2", 0.0),
       make_event("7", t0 + 5, "s2", 0.001),
       make_event("8", t0 + 6, "s3", -10.0),
       make_event("9", t0 + 7, "s3", -10.05)},
      {"1@s1", "3@s1", "4@s1", "5@s2", "7@s2", "8@s3"},
      {"2@s1", "6@s2", "9@s3"});
}

TEST_CASE("what passes keeps the flag validation gave it") {
  auto tester = job_with({});
  auto validated = tester.collect<event>(validated_output);
  tester.start();
  auto hot = make_event("hot", t0, "s1", 500);
  hot.quality_flag = "OUT_OF_RANGE";
  hot.checked = quality::out_of_range;
  tester.send<event>("in", {hot});
  auto out = validated->poll();
  REQUIRE(out);
  CHECK(out->quality_flag == "OUT_OF_RANGE");
  CHECK(out->checked == quality::out_of_range);
}
