// The machines job's pipeline in one process, fed states by hand: a
// torque joins the nearest speed of its channel once the watermark has
// passed it by the bound, never before and only once; late readings go to
// the late output and change nothing; a torque without a speed is counted
// as such; waiting torques survive a restart.
#include "apps/machines/machine_pipeline.hpp"

#include <chrono>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "apps/machines/power_join.hpp"
#include "runtime/source_plan.hpp"
#include "tests/support/pipeline_tester.hpp"

using namespace eddy;
using namespace eddy::machines;
using namespace std::chrono_literals;

namespace {

constexpr double cap = 20000.0;

// A state of one quantity.
machine_state state_of(std::string thing, std::string quantity, int64_t time,
                       double value) {
  return {std::move(thing), time, {{std::move(quantity), value}}};
}

machine_state torque(int64_t time, double value, std::string channel = "C11") {
  return state_of("R0815", "vaTorque_" + channel, time, value);
}

machine_state speed(int64_t time, double value, std::string channel = "C11") {
  return state_of("R0815", "actSpeed_" + channel, time, value);
}

// A state of no join that moves the watermark to `time` - 1.
machine_state tick(int64_t time) {
  return state_of("R0815", "actPosition_C11", time, 0.0);
}

/// The job on the manual source, bound 1 s, no out-of-orderness (the
/// watermark trails the newest reading by 1 ms).
test::pipeline_tester join_job() {
  options opts;
  opts.event_time.out_of_orderness = 0ms;
  opts.event_time.idle_timeout = 0ms;
  return test::pipeline_tester{
      [opts] { return plan(opts, {manual_input<machine_state>({"in"})}); }};
}

struct outputs {
  std::shared_ptr<test::collected<reading>> data, powers, late, unmatched;
};

outputs collect(test::pipeline_tester& tester) {
  return {tester.collect<reading>(data_output),
          tester.collect<reading>(powers_output),
          tester.collect<reading>(late_output),
          tester.collect<reading>(unmatched_output)};
}

} // namespace

TEST_CASE("a torque joins the nearest speed once the watermark passes it by "
          "the bound") {
  auto tester = join_job();
  auto out = collect(tester);
  tester.start();
  // Speeds 600 ms either side: the tie goes to the earlier one. The
  // reading at 2000 leaves the watermark at 1999: not yet.
  tester.send<machine_state>("in", {speed(1600, 3000.0), torque(1000, 12.5),
                                    speed(400, 1500.0), tick(2000)});
  CHECK(out.data->poll_many(4).size() == 4);
  CHECK_FALSE(out.powers->poll(200ms));
  tester.send<machine_state>("in", {tick(2001)});
  auto power = out.powers->poll();
  REQUIRE(power);
  CHECK(power->thing == "R0815");
  CHECK(power->quantity == "vaPower_C11");
  CHECK(power->time_ms == 1000);
  CHECK(power->result == power_of(12.5, 1500.0, cap));
  CHECK_FALSE(out.powers->poll(100ms));
}

TEST_CASE("out-of-order readings within the bound still join, channels and "
          "machines stay apart") {
  auto tester = join_job();
  auto out = collect(tester);
  tester.start();
  tester.send<machine_state>(
      "in", {torque(5000, 10.0), torque(5000, 7.0, "C12"), speed(5900, 100.0),
             speed(5100, 200.0, "C12"), speed(4950, 300.0),
             state_of("R0816", "actSpeed_C11", 5000, 999.0), tick(7000)});
  auto powers = out.powers->poll_many(2);
  REQUIRE(powers.size() == 2);
  for (auto& p : powers) {
    if (p.quantity == "vaPower_C11")
      CHECK(p.result == power_of(10.0, 300.0, cap));
    else
      CHECK(p.result == power_of(7.0, 200.0, cap));
  }
  CHECK_FALSE(out.powers->poll(100ms));
}

TEST_CASE("a late speed goes to the late output and changes no power") {
  auto tester = join_job();
  auto out = collect(tester);
  tester.start();
  tester.send<machine_state>(
      "in", {torque(1000, 10.0), speed(1900, 50.0), tick(3000)});
  auto power = out.powers->poll();
  REQUIRE(power);
  CHECK(power->result == power_of(10.0, 50.0, cap));
  // Nearer, but behind the watermark (2999).
  tester.send<machine_state>("in", {speed(1000, 70.0), torque(2500, 1.0)});
  auto late = out.late->poll_many(2);
  REQUIRE(late.size() == 2);
  CHECK_FALSE(out.powers->poll(200ms));
  // Late readings are still split out as data.
  CHECK(out.data->poll_many(5).size() == 5);
}

TEST_CASE("a torque with no speed within the bound emits no power and is "
          "counted") {
  auto tester = join_job();
  auto out = collect(tester);
  tester.start();
  tester.send<machine_state>("in", {speed(1000, 50.0), torque(2001, 10.0),
                                    speed(3002, 60.0), tick(4000)});
  auto unmatched = out.unmatched->poll();
  REQUIRE(unmatched);
  CHECK(unmatched->quantity == "vaTorque_C11");
  CHECK(unmatched->time_ms == 2001);
  CHECK_FALSE(out.powers->poll(200ms));
}

TEST_CASE("powers are capped") {
  auto tester = join_job();
  auto out = collect(tester);
  tester.start();
  tester.send<machine_state>(
      "in", {torque(1000, 80.0), speed(1000, 3000.0), tick(2001)});
  auto power = out.powers->poll();
  REQUIRE(power);
  CHECK(power->result == cap);
}

TEST_CASE("waiting torques and kept speeds survive a restart") {
  auto tester = join_job();
  auto out = collect(tester);
  tester.start();
  tester.send<machine_state>("in", {torque(10000, 5.0), speed(10500, 40.0)});
  CHECK(out.data->poll_many(2).size() == 2);
  tester.checkpoint();
  tester.restart();
  tester.send<machine_state>("in", {tick(11001)});
  auto power = out.powers->poll();
  REQUIRE(power);
  CHECK(power->time_ms == 10000);
  CHECK(power->result == power_of(5.0, 40.0, cap));
  CHECK_FALSE(out.powers->poll(100ms));
}

TEST_CASE("a state of several channels is split and each channel joins on its "
          "own, each torque when it is due") {
  auto tester = join_job();
  auto out = collect(tester);
  tester.start();
  machine_state first{"R0815",
                      1000,
                      {{"vaTorque_C11", 10.0},
                       {"actSpeed_C11", 100.0},
                       {"actSpeed_C12", 200.0},
                       {"actPosition_C11", -3.0}}};
  tester.send<machine_state>(
      "in", {first, state_of("R0815", "vaTorque_C12", 1500, 20.0)});
  auto data = out.data->poll_many(5);
  REQUIRE(data.size() == 5);
  CHECK(data[0].quantity == "vaTorque_C11");
  CHECK(data[3].quantity == "actPosition_C11");
  CHECK(data[3].result == -3.0);
  CHECK(data[3].time_ms == 1000);
  tester.send<machine_state>("in", {tick(2002)});
  auto power = out.powers->poll();
  REQUIRE(power);
  CHECK(power->quantity == "vaPower_C11");
  CHECK(power->result == power_of(10.0, 100.0, cap));
  CHECK_FALSE(out.powers->poll(200ms));
  tester.send<machine_state>("in", {tick(2502)});
  power = out.powers->poll();
  REQUIRE(power);
  CHECK(power->quantity == "vaPower_C12");
  CHECK(power->time_ms == 1500);
  CHECK(power->result == power_of(20.0, 200.0, cap));
  CHECK_FALSE(out.powers->poll(100ms));
}
