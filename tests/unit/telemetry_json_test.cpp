// A telemetry event from its JSON: every field where it belongs, and every
// way an event is malformed refused with a reason that names the field.
#include "apps/telemetry/telemetry_json.hpp"

#include <string>

#include <doctest/doctest.h>

#include "apps/telemetry/telemetry_event.hpp"
#include "messages/error.hpp"

using namespace eddy;
using namespace eddy::telemetry;

namespace {

const std::string full_event =
    R"({"event_id":"e-1","timestamp":1700000000123,"site_id":"site-1",)"
    R"("asset_id":"inv-7","sensor_type":"TEMPERATURE","sensor_id":"t-3",)"
    R"("value":21.5,"unit":"C","quality_flag":"GOOD",)"
    R"("metadata":{"firmware_version":"1.2.3","location":"roof"},)"
    R"("source":"MQTT","schema_version":"1.0.0","extra":[1,2]})";

// The reason `json` is refused (the error's sentence).
std::string refusal(const std::string& json) {
  auto e = parse_json(json);
  REQUIRE_FALSE(e);
  CHECK(e.error() == ec::malformed_record);
  return context_of(e.error());
}

// `full_event` with `field` (quoted name and value) replaced by `with`.
std::string replaced(const std::string& field, const std::string& with) {
  auto copy = full_event;
  auto at = copy.find(field);
  REQUIRE(at != std::string::npos);
  return copy.replace(at, field.size(), with);
}

} // namespace

TEST_CASE("an event's fields are read by their names") {
  auto e = parse_json(full_event);
  REQUIRE(e);
  CHECK(e->event_id == "e-1");
  CHECK(e->timestamp_ms == 1700000000123);
  CHECK(e->site_id == "site-1");
  CHECK(e->asset_id == "inv-7");
  CHECK(e->sensor_type == "TEMPERATURE");
  CHECK(e->sensor_id == "t-3");
  CHECK(e->value == 21.5);
  CHECK(e->unit == "C");
  CHECK(e->quality_flag == "GOOD");
  CHECK(e->metadata == R"({"firmware_version":"1.2.3","location":"roof"})");
  CHECK(e->source == "MQTT");
  CHECK(e->schema_version == "1.0.0");
  CHECK(e->key == "site-1:inv-7:t-3");
  CHECK(e->checked == quality::as_sent);
}

TEST_CASE("optional fields may be absent or null, an integer sensor_id is "
          "kept as its text") {
  auto e = parse_json(
      R"({"event_id":"e","timestamp":1,"site_id":"s","asset_id":"a",)"
      R"("sensor_type":"RPM","value":3,"unit":"rpm","metadata":null,)"
      R"("quality_flag":null})");
  REQUIRE(e);
  CHECK(e->sensor_id.empty());
  CHECK(e->key == "s:a:");
  CHECK(e->quality_flag == "GOOD");
  CHECK(e->metadata.empty());
  CHECK(e->value == 3.0);
  auto numbered =
      parse_json(replaced(R"("sensor_id":"t-3")", R"("sensor_id":42)"));
  REQUIRE(numbered);
  CHECK(numbered->sensor_id == "42");
  CHECK(numbered->key == "site-1:inv-7:42");
}

TEST_CASE("each required field missing is refused by name") {
  for (auto field : {R"("event_id":"e-1",)", R"("timestamp":1700000000123,)",
                     R"("site_id":"site-1",)", R"("asset_id":"inv-7",)",
                     R"("sensor_type":"TEMPERATURE",)", R"("value":21.5,)",
                     R"("unit":"C",)"}) {
    std::string name{field};
    name = name.substr(1, name.find('"', 1) - 1);
    CAPTURE(name);
    CHECK(refusal(replaced(field, "")) ==
          "required field '" + name + "' is missing");
  }
  CHECK(refusal(replaced(R"("unit":"C")", R"("unit":null)")) ==
        "required field 'unit' is missing");
}

TEST_CASE("a field of the wrong type is refused, naming it and showing the "
          "value") {
  CHECK(refusal(replaced(R"("value":21.5)", R"("value":"21.5")")) ==
        R"(field 'value': expected a number, got "21.5")");
  CHECK(refusal(replaced(R"("timestamp":1700000000123)",
                         R"("timestamp":1700000000.5)")) ==
        "field 'timestamp': expected an integer (ms), got 1700000000.5");
  CHECK(refusal(replaced(R"("timestamp":1700000000123)",
                         R"("timestamp":18446744073709551615)")) ==
        "field 'timestamp': expected a 64-bit integer (ms), got "
        "18446744073709551615");
  CHECK(refusal(replaced(R"("site_id":"site-1")", R"("site_id":7)")) ==
        "field 'site_id': expected a string, got 7");
  CHECK(refusal(replaced(R"("sensor_id":"t-3")", R"("sensor_id":[1])")) ==
        "field 'sensor_id': expected a string, got [1]");
  CHECK(refusal(replaced(
            R"("metadata":{"firmware_version":"1.2.3","location":"roof"})",
            R"("metadata":"roof")")) ==
        R"(field 'metadata': expected an object, got "roof")");
}

TEST_CASE("text that is not one JSON object is refused") {
  CHECK(refusal("").starts_with("invalid JSON: "));
  CHECK(refusal(R"({"event_id":"e")").starts_with("invalid JSON: "));
  CHECK(refusal("[1,2]") == "not a JSON object: [1,2]");
  CHECK(refusal(full_event + "x").starts_with("invalid JSON: "));
}

TEST_CASE("a written event reads back, however large its value") {
  // 3.3e21 written in its shortest form once came out as 22 digits without
  // a point, which no JSON reader takes as a number (found by fuzzing).
  for (auto value : {"21.5", "3333333333333626748330.5", "-1e300", "1e18",
                     "999999999999999900"}) {
    auto e = parse_json(
        replaced(R"("value":21.5)", std::string{R"("value":)"} + value));
    REQUIRE(e);
    std::string written;
    format_json(*e, written);
    auto again = parse_json(written);
    REQUIRE_MESSAGE(again, written);
    CHECK(again->value == e->value);
  }
}
