// Validation: the seed's ranges flag an event (bounds included), an unknown
// type is flagged, age bounds refuse, and the ranges' setting is checked.
#include "apps/telemetry/telemetry_rules.hpp"

#include <string>

#include <doctest/doctest.h>

#include "messages/error.hpp"

using namespace eddy;
using namespace eddy::telemetry;

namespace {

constexpr int64_t now_ms = 1'800'000'000'000;

validation_rules seed_rules() {
  auto ranges = parse_ranges(seed_ranges);
  REQUIRE(ranges);
  return {std::move(*ranges), std::chrono::hours{24}, std::chrono::hours{1}};
}

event of(std::string type, double value, int64_t ts = now_ms) {
  event e;
  e.sensor_type = std::move(type);
  e.value = value;
  e.timestamp_ms = ts;
  e.quality_flag = "GOOD";
  return e;
}

// Why `e` is refused at now_ms.
std::string refusal(event e) {
  auto err = validate(e, seed_rules(), now_ms);
  CHECK(err == ec::malformed_record);
  return context_of(err);
}

std::string flag_of(event e) {
  auto err = validate(e, seed_rules(), now_ms);
  REQUIRE_FALSE(err);
  return e.quality_flag;
}

} // namespace

TEST_CASE("the seed's twelve ranges are read") {
  auto rules = seed_rules();
  CHECK(rules.ranges.size() == 12);
  CHECK(rules.ranges.at("TEMPERATURE").min == -50);
  CHECK(rules.ranges.at("TEMPERATURE").max == 150);
  CHECK(rules.ranges.at("ENERGY").max == 100000);
}

TEST_CASE("a value in its range keeps its flag, its bounds included") {
  CHECK(flag_of(of("TEMPERATURE", -50)) == "GOOD");
  CHECK(flag_of(of("TEMPERATURE", 150)) == "GOOD");
  CHECK(flag_of(of("VOLTAGE", 230)) == "GOOD");
  auto suspect = of("RPM", 10);
  suspect.quality_flag = "SUSPECT";
  CHECK(flag_of(suspect) == "SUSPECT");
}

TEST_CASE("a value outside its range is flagged OUT_OF_RANGE, an unknown "
          "type UNKNOWN_TYPE") {
  auto hot = of("TEMPERATURE", 150.01);
  REQUIRE_FALSE(validate(hot, seed_rules(), now_ms));
  CHECK(hot.quality_flag == "OUT_OF_RANGE");
  CHECK(hot.checked == quality::out_of_range);
  CHECK(flag_of(of("HUMIDITY", -0.5)) == "OUT_OF_RANGE");
  auto odd = of("temperature", 20); // types are matched as they are written
  REQUIRE_FALSE(validate(odd, seed_rules(), now_ms));
  CHECK(odd.quality_flag == "UNKNOWN_TYPE");
  CHECK(odd.checked == quality::unknown_type);
}

TEST_CASE("an event older than max.age is stale, one beyond max.future is "
          "from the future") {
  auto day = int64_t{86'400'000};
  auto old = of("RPM", 1, now_ms - day - 1);
  CHECK(refusal(old) == "stale: event time " +
                            std::to_string(now_ms - day - 1) +
                            " is more than 1d behind the wall clock");
  auto ahead = of("RPM", 1, now_ms + 3'600'001);
  auto text = refusal(ahead);
  CHECK(text.starts_with("future: event time "));
  CHECK(text.ends_with("is more than 1h ahead of the wall clock"));
  CHECK(flag_of(of("RPM", 1, now_ms - day)) == "GOOD");
  CHECK(flag_of(of("RPM", 1, now_ms + 3'600'000)) == "GOOD");
}

TEST_CASE("a bad range list is refused naming the entry") {
  auto text = [](std::string_view list) {
    auto ranges = parse_ranges(list);
    REQUIRE_FALSE(ranges);
    CHECK(ranges.error() == ec::invalid_config);
    return context_of(ranges.error());
  };
  CHECK(text("RPM=0..10,TORQUE") ==
        "range 'TORQUE': not of the form (expected TYPE=min..max)");
  CHECK(text("RPM=a..10") ==
        "range 'RPM=a..10': min and max must be numbers (expected "
        "TYPE=min..max)");
  CHECK(text("RPM=10..0") ==
        "range 'RPM=10..0': min is above max (expected TYPE=min..max)");
  auto custom = parse_ranges("WIND=0..60");
  REQUIRE(custom);
  CHECK(custom->size() == 1);
}
