// A machine state split into its quantities as seed 003's connector does,
// every malformed state refused with a reason naming the field, the
// readings' JSON and keys, and the join's arithmetic.
#include "apps/machines/machine_state.hpp"

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "apps/machines/machine_generator.hpp"
#include "apps/machines/power_join.hpp"
#include "messages/error.hpp"

using namespace eddy;
using namespace eddy::machines;

namespace {

std::vector<reading> split(const std::string& json) {
  std::vector<reading> out;
  auto err = split_state(json, out);
  REQUIRE_FALSE(err);
  return out;
}

// The reason `json` is refused; checks nothing was split.
std::string refusal(const std::string& json) {
  std::vector<reading> out;
  auto err = split_state(json, out);
  REQUIRE(err);
  CHECK(err == ec::malformed_record);
  CHECK(out.empty());
  return context_of(err);
}

} // namespace

TEST_CASE("a state splits into one reading per quantity") {
  auto readings = split(
      R"({"Thing":"R0815","Timestamp":1554096460415,"id":7,)"
      R"("vaTorque_C11":12.5,"actSpeed_C11":1500,"actPosition_C11":-3.25})");
  REQUIRE(readings.size() == 3);
  CHECK(readings[0].thing == "R0815");
  CHECK(readings[0].quantity == "vaTorque_C11");
  CHECK(readings[0].time_ms == 1554096460415);
  CHECK(readings[0].result == 12.5);
  CHECK(readings[1].quantity == "actSpeed_C11");
  CHECK(readings[1].result == 1500.0);
  CHECK(readings[2].quantity == "actPosition_C11");
  CHECK(readings[2].result == -3.25);
  for (auto& r : readings)
    CHECK(r.route == route::data);
}

TEST_CASE("a state without quantities splits into nothing") {
  CHECK(split(R"({"Thing":"R0815","Timestamp":1,"id":1})").empty());
}

TEST_CASE("a reading's JSON and Kafka key are the seed connector's") {
  reading r{"R0815", "vaTorque_C11", 1554096460415, 0.1};
  std::string json;
  format_json(r, json);
  CHECK(json == R"({"thing":"R0815","quantity":"vaTorque_C11",)"
                R"("phenomenonTime":1554096460415,"result":0.1})");
  std::string key;
  format_key(r, key);
  CHECK(key == "R0815.vaTorque_C11");
  auto power = make_power("R0815", "C11", 5, 86.71);
  CHECK(power.quantity == "vaPower_C11");
  CHECK(power.route == route::power);
}

TEST_CASE("a state is read whole: its thing, time and quantities in order") {
  auto state = read_state(R"({"id":7,"vaTorque_C11":12.5,"Thing":"R0815",)"
                          R"("Timestamp":1554096460415,"actSpeed_C11":1500})");
  REQUIRE(state);
  CHECK(state->thing == "R0815");
  CHECK(state->time_ms == 1554096460415);
  REQUIRE(state->quantities.size() == 2);
  CHECK(state->quantities[0].name == "vaTorque_C11");
  CHECK(state->quantities[0].value == 12.5);
  CHECK(state->quantities[1].name == "actSpeed_C11");
  CHECK(state->quantities[1].value == 1500.0);
}

TEST_CASE("a thing's channels are found by name and added once") {
  thing_channels channels;
  samples_of(channels, "C11").torques.emplace_back(1, 2.0);
  samples_of(channels, "C12");
  CHECK(samples_of(channels, "C11").torques.size() == 1);
  CHECK(channels.size() == 2);
  CHECK(channels[1].first == "C12");
}

TEST_CASE("malformed states are refused naming what is wrong") {
  CHECK(refusal("{\"Thing\":").find("invalid JSON") != std::string::npos);
  CHECK(refusal("[1,2]").find("must be a JSON object") != std::string::npos);
  CHECK(refusal(R"({"Timestamp":1,"vaTorque_C11":1})") ==
        "required field 'Thing' is missing");
  CHECK(refusal(R"({"Thing":"R1","vaTorque_C11":1})") ==
        "required field 'Timestamp' is missing");
  CHECK(refusal(R"({"Thing":7,"Timestamp":1})")
            .starts_with("field 'Thing': expected a non-empty string, got 7"));
  CHECK(refusal(R"({"Thing":"R1","Timestamp":"soon"})")
            .starts_with("field 'Timestamp': expected integral epoch ms"));
  CHECK(refusal(R"({"Thing":"R1","Timestamp":1.5})")
            .starts_with("field 'Timestamp'"));
  CHECK(refusal(R"({"Thing":"R1","Timestamp":1,"vaTorque_C11":"high"})") ==
        "field 'vaTorque_C11': expected a number, got \"high\"");
  CHECK(refusal(R"({"Thing":"R1","Timestamp":1,"actSpeed_C11":null})") ==
        "field 'actSpeed_C11': expected a number, got null");
}

TEST_CASE("a Timestamp written as a whole double is taken") {
  auto readings = split(R"({"Thing":"R1","Timestamp":1.5e3,"x":1})");
  REQUIRE(readings.size() == 1);
  CHECK(readings[0].time_ms == 1500);
}

TEST_CASE("generated states are the simulator's JSON and split cleanly") {
  machine_generator make{{.seed = 7, .machines = 3, .channels = 2}};
  std::string json;
  make.state_json(4, 1000, json);
  auto parsed = nlohmann::json::parse(json);
  CHECK(parsed["Thing"] == "R0816");
  CHECK(parsed["Timestamp"] == 1000);
  CHECK(parsed["id"] == 4);
  CHECK(make.thing(4) == "R0816");
  auto readings = split(json);
  CHECK(readings.size() == parsed.size() - 3);
  std::string again;
  make.state_json(4, 1000, again);
  CHECK(again == json);
}

TEST_CASE("power is |2pi/60 * torque * speed|, capped") {
  CHECK(
      power_of(12.5, 1500.0, 20000.0) ==
      doctest::Approx(2 * std::numbers::pi / 60 * 12.5 * 1500).epsilon(1e-12));
  CHECK(power_of(-12.5, 1500.0, 20000.0) == power_of(12.5, 1500.0, 20000.0));
  CHECK(power_of(100.0, 3000.0, 20000.0) == 20000.0);
}

TEST_CASE("the nearest speed within the bound, ties to the earlier") {
  samples speeds;
  put_sample(speeds, 1000, 1.0);
  put_sample(speeds, 3000, 3.0);
  put_sample(speeds, 2000, 2.0);
  put_sample(speeds, 2000, 2.5); // a repeat replaces
  REQUIRE(speeds.size() == 3);
  CHECK(*nearest(speeds, 2100, 1000) == 2.5);
  CHECK(*nearest(speeds, 1500, 1000) == 1.0); // tie: the earlier
  CHECK(*nearest(speeds, 2600, 1000) == 3.0);
  CHECK(*nearest(speeds, 4000, 1000) == 3.0); // the bound is inclusive
  CHECK(nearest(speeds, 4001, 1000) == nullptr);
  CHECK(nearest(speeds, -1, 1000) == nullptr);
  CHECK(nearest({}, 0, 1000) == nullptr);
}
