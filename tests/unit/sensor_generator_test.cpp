// The sensor readings generator: deterministic, the same reading as JSON
// and as Avro, sensors in the range asked for, and levels that make some
// windows alert but most not.
#include "apps/sensors/sensor_generator.hpp"

#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>

#include "apps/sensors/sensor_json.hpp"

using namespace eddy::sensors;

namespace {

constexpr int64_t now_ms = 1700000000000;

std::string json_of(const sensor_generator& make, uint64_t index) {
  std::string out;
  make.json(index, now_ms, out);
  return out;
}

std::string avro_of(const sensor_generator& make, uint64_t index) {
  std::string out;
  make.avro(index, now_ms, out);
  return out;
}

} // namespace

TEST_CASE("the same seed and index make the same reading") {
  sensor_generator a{{.seed = 7}};
  sensor_generator b{{.seed = 7}};
  for (uint64_t i = 0; i < 100; ++i) {
    CHECK(json_of(a, i) == json_of(b, i));
    CHECK(avro_of(a, i) == avro_of(b, i));
  }
  CHECK(json_of(a, 5) != json_of(a, 6));
  CHECK(json_of(a, 5) != json_of(sensor_generator{{.seed = 8}}, 5));
}

TEST_CASE("a reading's JSON and Avro are the same reading") {
  sensor_generator make{{}};
  auto decoder = avro_decoder::make();
  REQUIRE(decoder);
  for (uint64_t i = 0; i < 2000; ++i) {
    auto from_json = parse_json(json_of(make, i));
    auto from_avro = (*decoder)(avro_of(make, i));
    REQUIRE(from_json);
    REQUIRE(from_avro);
    CHECK(*from_json == *from_avro);
    CHECK(*from_avro == reading_of(make.fields(i, now_ms)));
  }
}

TEST_CASE("the JSON has the seed producer's fields in its order") {
  auto json = json_of(sensor_generator{{}}, 0);
  size_t at = 0;
  for (auto name : {"sensorId", "sensorType", "temperature", "humidity",
                    "pressure", "batteryLevel", "status", "timestamp"}) {
    auto found = json.find('"' + std::string{name} + "\":", at);
    CHECK_MESSAGE(found != std::string::npos, name);
    at = found;
  }
  CHECK(json.find(R"("timestamp":1700000000000})") != std::string::npos);
}

TEST_CASE("sensorIds cover the range asked for and no other") {
  sensor_generator make{{.sensors = 5, .sensor_offset = 100}};
  std::set<int32_t> ids;
  for (uint64_t i = 0; i < 500; ++i)
    ids.insert(make.fields(i, now_ms).sensor_id);
  CHECK(ids == std::set<int32_t>{100, 101, 102, 103, 104});
}

TEST_CASE("a sensor keeps its type, and the types cycle 1 to 8") {
  sensor_generator make{{.sensors = 1000}};
  std::map<int32_t, int32_t> type_of;
  std::set<int32_t> types;
  for (uint64_t i = 0; i < 5000; ++i) {
    auto x = make.fields(i, now_ms);
    auto [at, inserted] = type_of.emplace(x.sensor_id, x.sensor_type);
    CHECK(at->second == x.sensor_type);
    CHECK(x.sensor_type == x.sensor_id % 8 + 1);
    types.insert(x.sensor_type);
  }
  CHECK(types == std::set<int32_t>{1, 2, 3, 4, 5, 6, 7, 8});
}

TEST_CASE("the timestamp is the clock given") {
  CHECK(sensor_generator{{}}.fields(3, 42).timestamp_ms == 42);
}

TEST_CASE("a few sensors' averages cross each alert threshold, most none") {
  // 2000 sensors, 40 readings each on average: one minute at ~1300/s.
  sensor_generator make{{.sensors = 2000}};
  struct sums {
    double temperature = 0, humidity = 0, battery = 0;
    int count = 0;
  };
  std::map<int32_t, sums> by_sensor;
  int online = 0;
  constexpr int readings = 80000;
  for (uint64_t i = 0; i < readings; ++i) {
    auto x = make.fields(i, now_ms);
    auto& s = by_sensor[x.sensor_id];
    s.temperature += x.temperature;
    s.humidity += x.humidity;
    s.battery += x.battery_level;
    ++s.count;
    online += x.status == 1 ? 1 : 0;
    CHECK(x.humidity >= 0);
    CHECK(x.humidity <= 100);
    CHECK(x.battery_level >= 0);
    CHECK(x.battery_level <= 100);
  }
  int hot = 0, humid = 0, drained = 0, alerting = 0;
  for (auto& [id, s] : by_sensor) {
    bool is_hot = s.temperature / s.count > 35;
    bool is_humid = s.humidity / s.count > 80;
    bool is_drained = s.battery / s.count < 20;
    hot += is_hot;
    humid += is_humid;
    drained += is_drained;
    alerting += is_hot || is_humid || is_drained;
  }
  auto sensors = static_cast<int>(by_sensor.size());
  for (auto share : {hot, humid, drained}) {
    CHECK(share > sensors / 100);
    CHECK(share < sensors / 10);
  }
  CHECK(alerting < sensors / 5);
  CHECK(online > readings * 9 / 10);
  CHECK(online < readings);
}
