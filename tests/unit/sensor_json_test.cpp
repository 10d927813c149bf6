// The sensor job's JSON input: the seed's names (the producer's camelCase
// and the column names), which one wins, the defaults, and every malformed
// reading refused with its reason.
#include "apps/sensors/sensor_json.hpp"

#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "apps/sensors/sensor_avro.hpp"
#include "apps/sensors/sensor_generator.hpp"
#include "messages/error.hpp"

using namespace eddy;
using namespace eddy::sensors;

namespace {

reading parsed(const std::string& json) {
  auto r = parse_json(json);
  REQUIRE_MESSAGE(r, json);
  return *r;
}

/// The reason `json` is refused, or "accepted".
std::string refusal(const std::string& json) {
  auto r = parse_json(json);
  if (r)
    return "accepted";
  CHECK(r.error() == ec::malformed_record);
  return describe(r.error());
}

/// A reading of device "d" with `field` (JSON text after a comma).
std::string with_field(const std::string& field) {
  return R"({"device_id":"d",)" + field + "}";
}

} // namespace

TEST_CASE("the seed producer's JSON reads as the Avro record of the same "
          "reading") {
  avro_fields x{12345, 2, -3.25, 81.5, 1002.75, 19.5, 3, 1700000000123};
  std::string json;
  format_json(x, json);
  CHECK(parsed(json) == reading_of(x));
}

TEST_CASE("a sensorId number or string names the device sensor_<id>") {
  CHECK(parsed(R"({"sensorId":42})").device_id == "sensor_42");
  CHECK(parsed(R"({"sensorId":-7})").device_id == "sensor_-7");
  CHECK(parsed(R"({"sensorId":"abc"})").device_id == "sensor_abc");
}

TEST_CASE("device_id is taken as it is, and sensorId wins over it") {
  CHECK(parsed(R"({"device_id":"pump-7"})").device_id == "pump-7");
  CHECK(parsed(R"({"device_id":"pump-7","sensorId":3})").device_id ==
        "sensor_3");
}

TEST_CASE("a numeric sensorType is named, a text one kept, device_type "
          "second, else unknown") {
  CHECK(parsed(with_field(R"("sensorType":6)")).device_type == "co2_sensor");
  CHECK(parsed(with_field(R"("sensorType":11)")).device_type ==
        "sensor_type_11");
  CHECK(parsed(with_field(R"("sensorType":"thermo")")).device_type == "thermo");
  CHECK(parsed(with_field(R"("device_type":"valve","sensorType":1)"))
            .device_type == "temperature_sensor");
  CHECK(parsed(with_field(R"("device_type":"valve")")).device_type == "valve");
  CHECK(parsed(R"({"device_id":"d"})").device_type == "unknown");
}

TEST_CASE("the site is site_id, else location, else the sensor's, else "
          "site_001") {
  CHECK(parsed(R"({"sensorId":5,"location":"L","site_id":"S"})").site_id ==
        "S");
  CHECK(parsed(R"({"sensorId":5,"location":"L"})").site_id == "L");
  CHECK(parsed(R"({"sensorId":5})").site_id == "site_006");
  CHECK(parsed(R"({"sensorId":"105"})").site_id == "site_006");
  CHECK(parsed(R"({"sensorId":-5})").site_id == "site_-04");
  CHECK(parsed(R"({"sensorId":"abc"})").site_id == "site_001");
  CHECK(parsed(R"({"device_id":"d"})").site_id == "site_001");
}

TEST_CASE("a reading with only its device has the seed's defaults") {
  reading expected;
  expected.device_id = "d";
  expected.device_type = "unknown";
  expected.site_id = "site_001";
  CHECK(parsed(R"({"device_id":"d"})") == expected);
  CHECK(expected.customer_id == "customer_0001");
  CHECK(expected.pressure == 1013.25);
  CHECK(expected.timestamp_ms == 0);
}

TEST_CASE("every column name is read") {
  auto r = parsed(
      R"({"device_id":"d","device_type":"t","customer_id":"c","site_id":"s",)"
      R"("temperature":21.5,"humidity":40,"pressure":999.5,"co2_level":410,)"
      R"("noise_level":55.5,"light_level":300,"motion_detected":1,)"
      R"("battery_level":77.25,"signal_strength":-70,"status":2,)"
      R"("error_count":3,"packets_sent":100,"packets_received":90,)"
      R"("bytes_sent":10000000000,"bytes_received":-1,)"
      R"("timestamp":1700000000000})");
  reading expected{"d",   "t", "c",  "s", 1700000000000, 21.5, 40,
                   999.5, 410, 55.5, 300, 77.25,         -70,  1,
                   2,     3,   100,  90,  10000000000,   -1};
  CHECK(r == expected);
}

TEST_CASE("batteryLevel wins over battery_level") {
  CHECK(parsed(with_field(R"("battery_level":10,"batteryLevel":20)"))
            .battery_level == 20);
  CHECK(parsed(with_field(R"("battery_level":10)")).battery_level == 10);
}

TEST_CASE("a status name maps to its number, a number is kept") {
  CHECK(parsed(with_field(R"("status":"Offline")")).status == 2);
  CHECK(parsed(with_field(R"("status":"broken")")).status == 4);
  CHECK(parsed(with_field(R"("status":3)")).status == 3);
}

TEST_CASE("null fields count as absent and unknown fields are ignored") {
  auto r = parsed(R"({"device_id":"d","temperature":null,"status":null,)"
                  R"("metadata":{"latitude":1.5},"tags":[1,"x",null]})");
  CHECK(r.temperature == 0.0);
  CHECK(r.status == 1);
}

TEST_CASE("a repeated field counts with its last value, as Jackson reads "
          "it") {
  CHECK(parsed(R"({"sensorId":1,"temperature":5,"sensorId":2})").device_id ==
        "sensor_2");
  CHECK(parsed(with_field(R"("status":3,"status":null)")).status == 1);
}

TEST_CASE("invalid JSON and non-objects are refused") {
  CHECK(refusal(R"({"sensorId":1)").find("invalid JSON") != std::string::npos);
  CHECK(refusal(R"({"sensorId":1} x)").find("invalid JSON") !=
        std::string::npos);
  CHECK(refusal("").find("invalid JSON") != std::string::npos);
  CHECK(refusal("[1,2]") ==
        "malformed_record: expected a JSON object, got [1,2]");
  CHECK(refusal("42") == "malformed_record: expected a JSON object, got 42");
}

TEST_CASE("a reading without sensorId or device_id is refused") {
  CHECK(refusal(R"({"temperature":20})") ==
        "malformed_record: neither 'sensorId' nor 'device_id' is present");
  CHECK(refusal(R"({"sensorId":null})") ==
        "malformed_record: neither 'sensorId' nor 'device_id' is present");
}

TEST_CASE("a field of the wrong type is refused naming it") {
  CHECK(
      refusal(with_field(R"("temperature":"hot")")) ==
      R"(malformed_record: field 'temperature': expected a number, got "hot")");
  CHECK(
      refusal(with_field(R"("status":{"code":1})")) ==
      R"(malformed_record: field 'status': expected an integer or a string, got {"code":1})");
  CHECK(refusal(with_field(R"("status":1.5)")) ==
        "malformed_record: field 'status': expected an integer or a string, "
        "got 1.5");
  CHECK(refusal(R"({"sensorId":1.5})") ==
        "malformed_record: field 'sensorId': expected an integer or a "
        "string, got 1.5");
  CHECK(refusal(R"({"sensorId":true})").find("field 'sensorId'") !=
        std::string::npos);
  CHECK(refusal(R"({"device_id":7})") ==
        "malformed_record: field 'device_id': expected a string, got 7");
  CHECK(refusal(with_field(R"("customer_id":1)")).find("field 'customer_id'") !=
        std::string::npos);
  CHECK(refusal(with_field(R"("sensorType":[1])")).find("field 'sensorType'") !=
        std::string::npos);
  CHECK(refusal(with_field(R"("battery_level":"full")"))
            .find("field 'battery_level'") != std::string::npos);
  CHECK(refusal(with_field(R"("timestamp":"2024-01-01T00:00:00Z")")) ==
        "malformed_record: field 'timestamp': expected an integer, got "
        R"("2024-01-01T00:00:00Z")");
  CHECK(refusal(with_field(R"("timestamp":1.7e12)")) ==
        "malformed_record: field 'timestamp': expected an integer, got "
        "1700000000000.0");
  CHECK(refusal(with_field(R"("packets_sent":true)"))
            .find("field 'packets_sent': expected an integer, got true") !=
        std::string::npos);
}

TEST_CASE("a long wrong value is shown cut short") {
  auto text =
      refusal(with_field(R"("temperature":")" + std::string(100, 'x') + "\""));
  CHECK(text.find(R"(got "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...)") !=
        std::string::npos);
  CHECK(text.size() < 120);
}

TEST_CASE("an integer out of its field's range is refused") {
  CHECK(refusal(with_field(R"("error_count":3000000000)")) ==
        "malformed_record: field 'error_count': 3000000000 is out of range "
        "(a 32-bit integer)");
  CHECK(refusal(R"({"sensorId":2147483648})") ==
        "malformed_record: field 'sensorId': 2147483648 is out of range (a "
        "32-bit integer)");
  CHECK(refusal(with_field(R"("bytes_sent":18446744073709551615)")) ==
        "malformed_record: field 'bytes_sent': 18446744073709551615 is out "
        "of range (a 64-bit signed integer)");
  CHECK(refusal(with_field(R"("motion_detected":2)")) ==
        "malformed_record: field 'motion_detected': 2 is out of range (0 or "
        "1)");
}

TEST_CASE("the timestamp is read as milliseconds") {
  CHECK(parsed(with_field(R"("timestamp":1700000000123)")).timestamp_ms ==
        1700000000123);
  CHECK(parsed(with_field(R"("timestamp":-5)")).timestamp_ms == -5);
}

TEST_CASE("readings parse on two threads at once") {
  sensor_generator make{{}};
  std::vector<int> good(2, 0);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < good.size(); ++t)
    threads.emplace_back([&, t] {
      std::string json;
      for (uint64_t i = 0; i < 5000; ++i) {
        json.clear();
        make.json(i, 1, json);
        if (auto r = parse_json(json);
            r && *r == reading_of(make.fields(i, 1)) && !parse_json("[1"))
          ++good[t];
      }
    });
  for (auto& thread : threads)
    thread.join();
  CHECK(good == std::vector<int>{5000, 5000});
}
