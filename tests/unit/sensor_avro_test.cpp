// The sensor job's Avro input: records Avro C encodes decode by hand to the
// same fields, the bytes are the Avro spec's, every malformed record is
// refused with its reason, the seed's mapping to a reading, and the schema
// the build embeds is the repository's SensorData.avsc.
#include "apps/sensors/sensor_avro.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "messages/error.hpp"

using namespace eddy;
using namespace eddy::sensors;

namespace {

std::string encoded(const avro_fields& x) {
  std::string bytes;
  encode_avro(x, bytes);
  return bytes;
}

std::string from_hex(std::string_view hex) {
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    bytes.push_back(static_cast<char>(
        std::stoi(std::string{hex.substr(i, 2)}, nullptr, 16)));
  return bytes;
}

// A long as Avro writes it (zig-zag varint), to build records Avro C would
// not: an int field out of range.
std::string varint_of(int64_t value) {
  auto n =
      (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
  std::string bytes;
  for (; n > 0x7f; n >>= 7)
    bytes.push_back(static_cast<char>((n & 0x7f) | 0x80));
  bytes.push_back(static_cast<char>(n));
  return bytes;
}

const avro_fields sample{12345,   1,    23.5, 45.25,
                         1013.25, 87.5, 1,    1700000000000};

/// The reason `bytes` are refused, or "accepted".
std::string refusal(const std::string& bytes) {
  auto fields = decode_avro(bytes);
  if (fields)
    return "accepted";
  CHECK(fields.error() == ec::malformed_record);
  return describe(fields.error());
}

std::string file_text(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The embedded schema with the first `from` replaced by `to`.
std::string schema_with(const std::string& from, const std::string& to) {
  std::string text{avro_schema_json()};
  auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  return text.replace(pos, from.size(), to);
}

std::string schema_refusal(const std::string& json) {
  auto err = check_avro_schema(json);
  if (!err)
    return "accepted";
  CHECK(err == ec::invalid_config);
  return describe(err);
}

} // namespace

TEST_CASE("a record Avro C encodes decodes to the same fields") {
  constexpr auto int_min = std::numeric_limits<int32_t>::min();
  constexpr auto int_max = std::numeric_limits<int32_t>::max();
  constexpr auto long_min = std::numeric_limits<int64_t>::min();
  constexpr auto long_max = std::numeric_limits<int64_t>::max();
  constexpr auto inf = std::numeric_limits<double>::infinity();
  for (const auto& x : std::vector<avro_fields>{
           sample,
           {0, 0, 0.0, -0.0, 0.0, 0.0, 0, 0},
           {-1, -8, -40.5, -1e-300, -0.001, -5.0, -4, -1},
           {int_min, int_max, inf, -inf, 5e-324, 1.7976931348623157e308,
            int_min, long_min},
           {int_max, int_min, -1.7976931348623157e308, 2.2250738585072014e-308,
            1e300, 100.0, int_max, long_max},
       }) {
    auto fields = decode_avro(encoded(x));
    REQUIRE(fields);
    CHECK(*fields == x);
  }
}

TEST_CASE("a NaN measurement decodes as NaN") {
  auto x = sample;
  x.humidity = std::numeric_limits<double>::quiet_NaN();
  auto fields = decode_avro(encoded(x));
  REQUIRE(fields);
  CHECK(std::isnan(fields->humidity));
  CHECK(fields->temperature == sample.temperature);
}

TEST_CASE("a record's bytes are the Avro spec's: zig-zag varints and "
          "little-endian doubles") {
  avro_fields x{-1, 64, 1.0, -2.0, 0.5, 100.0, 1, 1700000000000};
  auto bytes = from_hex("01"               // sensorId -1
                        "8001"             // sensorType 64
                        "000000000000f03f" // temperature 1.0
                        "00000000000000c0" // humidity -2.0
                        "000000000000e03f" // pressure 0.5
                        "0000000000005940" // batteryLevel 100.0
                        "02"               // status 1
                        "80a0abfef962");   // timestamp 1700000000000
  CHECK(encoded(x) == bytes);
  auto fields = decode_avro(bytes);
  REQUIRE(fields);
  CHECK(*fields == x);
}

TEST_CASE("a record cut short is refused naming the field it ends in") {
  auto bytes = encoded(sample);
  for (size_t size = 0; size < bytes.size(); ++size)
    CHECK_MESSAGE(refusal(bytes.substr(0, size)).find("the record ends") !=
                      std::string::npos,
                  size);
  CHECK(refusal("") == "malformed_record: Avro SensorData: field 'sensorId': "
                       "missing, the record ends before it");
  // sensorId 12345 takes 3 bytes.
  CHECK(refusal(bytes.substr(0, 2)) ==
        "malformed_record: Avro SensorData: field 'sensorId': the record "
        "ends inside it (a varint of 2 bytes without its last)");
  // sensorId and sensorType take 4 bytes, then 3 of temperature.
  CHECK(refusal(bytes.substr(0, 7)) ==
        "malformed_record: Avro SensorData: field 'temperature': the record "
        "ends inside it (3 of its 8 bytes)");
  CHECK(refusal(bytes.substr(0, bytes.size() - 6)) ==
        "malformed_record: Avro SensorData: field 'timestamp': missing, the "
        "record ends before it");
}

TEST_CASE("bytes after the record are refused") {
  CHECK(refusal(encoded(sample) + "x") ==
        "malformed_record: Avro SensorData: 1 byte after the record's last "
        "field ('timestamp')");
  CHECK(refusal(encoded(sample) + encoded(sample)).find("43 bytes after") !=
        std::string::npos);
}

TEST_CASE("a varint longer than 10 bytes is refused") {
  CHECK(refusal(std::string(11, '\xff')) ==
        "malformed_record: Avro SensorData: field 'sensorId': the varint is "
        "longer than 10 bytes");
}

TEST_CASE("a varint overflowing 64 bits is refused, one at its limit read") {
  auto bytes = encoded(sample);
  auto head =
      bytes.substr(0, bytes.size() - varint_of(sample.timestamp_ms).size());
  auto largest = head + '\xfe' + std::string(8, '\xff') + '\x01';
  auto fields = decode_avro(largest);
  REQUIRE(fields);
  CHECK(fields->timestamp_ms == std::numeric_limits<int64_t>::max());
  CHECK(refusal(head + std::string(9, '\xff') + '\x02') ==
        "malformed_record: Avro SensorData: field 'timestamp': the varint "
        "overflows 64 bits");
}

TEST_CASE("an int field out of the 32-bit range is refused") {
  auto tail = encoded(sample).substr(varint_of(sample.sensor_id).size());
  CHECK(refusal(varint_of(int64_t{1} << 31) + tail) ==
        "malformed_record: Avro SensorData: field 'sensorId': 2147483648 is "
        "out of the range of an Avro int (32 bits)");
  auto bytes = encoded(sample);
  // status and timestamp take the last 1 + 6 bytes.
  auto before_status = bytes.substr(0, bytes.size() - 7);
  CHECK(refusal(before_status + varint_of(-(int64_t{1} << 31) - 1) +
                varint_of(sample.timestamp_ms))
            .find("field 'status': -2147483649 is out of the range") !=
        std::string::npos);
}

TEST_CASE("the seed's Avro constructor maps a record to a reading") {
  auto decoder = avro_decoder::make();
  REQUIRE(decoder);
  auto r = (*decoder)(encoded(sample));
  REQUIRE(r);
  reading expected;
  expected.device_id = "sensor_12345";
  expected.device_type = "temperature_sensor";
  expected.customer_id = "customer_0001";
  expected.site_id = "site_046";
  expected.timestamp_ms = 1700000000000;
  expected.temperature = 23.5;
  expected.humidity = 45.25;
  expected.pressure = 1013.25;
  expected.battery_level = 87.5;
  expected.status = 1;
  CHECK(*r == expected);
  CHECK(r->co2_level == 400.0);
  CHECK(r->signal_strength == -50.0);
}

TEST_CASE("a decoder refuses what decode_avro refuses") {
  auto decoder = avro_decoder::make();
  REQUIRE(decoder);
  auto r = (*decoder)("\x02");
  REQUIRE_FALSE(r);
  CHECK(r.error() == ec::malformed_record);
}

TEST_CASE("sensor types 1 to 8 have the seed's names, others a number") {
  CHECK(device_type_of(1) == "temperature_sensor");
  CHECK(device_type_of(2) == "humidity_sensor");
  CHECK(device_type_of(3) == "pressure_sensor");
  CHECK(device_type_of(4) == "motion_sensor");
  CHECK(device_type_of(5) == "light_sensor");
  CHECK(device_type_of(6) == "co2_sensor");
  CHECK(device_type_of(7) == "noise_sensor");
  CHECK(device_type_of(8) == "multisensor");
  CHECK(device_type_of(0) == "sensor_type_0");
  CHECK(device_type_of(9) == "sensor_type_9");
  CHECK(device_type_of(-3) == "sensor_type_-3");
}

TEST_CASE("a sensor's site is its number modulo 100 plus one, as Java "
          "computes it for negative numbers") {
  CHECK(site_of(0) == "site_001");
  CHECK(site_of(12345) == "site_046");
  CHECK(site_of(99) == "site_100");
  CHECK(site_of(-1) == "site_000");
  CHECK(site_of(-5) == "site_-04");
  CHECK(site_of(-99) == "site_-98");
  CHECK(site_of(-100) == "site_001");
  CHECK(site_of(std::numeric_limits<int32_t>::max()) == "site_048");
  CHECK(site_of(std::numeric_limits<int32_t>::min()) == "site_-47");
}

TEST_CASE("a status name maps as the seed's, in any case, else to error") {
  CHECK(status_of("online") == 1);
  CHECK(status_of("OFFLINE") == 2);
  CHECK(status_of("Maintenance") == 3);
  CHECK(status_of("error") == 4);
  CHECK(status_of("on line") == 4);
  CHECK(status_of("") == 4);
}

TEST_CASE("the embedded schema is the repository's SensorData.avsc") {
  CHECK(avro_schema_json() == file_text(std::string{EDDY_SOURCE_DIR} +
                                        "/apps/sensors/SensorData.avsc"));
  CHECK_FALSE(check_avro_schema(avro_schema_json()));
  CHECK(avro_decoder::make());
}

TEST_CASE("a schema that is not the job's is refused naming the difference") {
  CHECK(schema_refusal(
            schema_with(R"("name": "temperature")", R"("name": "temp")")) ==
        "invalid_config: the Avro schema has field 3 'temp' of type double, "
        "expected 'temperature' of type double");
  CHECK(schema_refusal(schema_with(R"("name": "status", "type": "int")",
                                   R"("name": "status", "type": "long")")) ==
        "invalid_config: the Avro schema has field 7 'status' of type long, "
        "expected 'status' of type int");
  CHECK(schema_refusal(schema_with(R"("name": "timestamp", "type": "long")",
                                   R"("name": "timestamp", "type": "string")"))
            .find("field 8 'timestamp' of type string") != std::string::npos);
  CHECK(schema_refusal(schema_with(R"({"name": "status")",
                                   R"({"name": "extra", "type": "int"},
                                      {"name": "status")")) ==
        "invalid_config: the Avro schema has 9 fields, expected 8");
  CHECK(schema_refusal(R"("int")") ==
        "invalid_config: the Avro schema is of type int, not a record");
  CHECK(schema_refusal("{not json").find("the Avro schema does not read") !=
        std::string::npos);
}

TEST_CASE("one decoder decodes on several threads at once") {
  auto decoder = avro_decoder::make();
  REQUIRE(decoder);
  auto bytes = encoded(sample);
  std::vector<int> good(2, 0);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < good.size(); ++t)
    threads.emplace_back([&, t, copy = *decoder] {
      for (int i = 0; i < 10000; ++i) {
        auto r = copy(bytes);
        auto bad = copy(bytes.substr(0, static_cast<size_t>(i % 20)));
        if (r && r->device_id == "sensor_12345" && !bad)
          ++good[t];
      }
    });
  for (auto& thread : threads)
    thread.join();
  CHECK(good == std::vector<int>{10000, 10000});
}
