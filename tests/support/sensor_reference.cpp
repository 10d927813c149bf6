// Computes the sensors job's rollups by hand and reads ClickHouse's.
#include "tests/support/sensor_reference.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "apps/sensors/sensor_generator.hpp"
#include "connectors/kafka/producer.hpp"
#include "tests/support/kafka_reader.hpp"

namespace eddy::test {

namespace {

using namespace std::chrono_literals;

struct running {
  int64_t n = 0;
  double t_min = 0, t_max = 0, t_sum = 0;
  double h_min = 0, h_max = 0, h_sum = 0;
  double p_sum = 0;
  double b_min = 0, b_sum = 0;
  int64_t status_sum = 0;

  void add(const nlohmann::json& r) {
    auto t = r["temperature"].get<double>();
    auto h = r["humidity"].get<double>();
    auto b = r["batteryLevel"].get<double>();
    t_min = n == 0 ? t : std::min(t_min, t);
    t_max = n == 0 ? t : std::max(t_max, t);
    h_min = n == 0 ? h : std::min(h_min, h);
    h_max = n == 0 ? h : std::max(h_max, h);
    b_min = n == 0 ? b : std::min(b_min, b);
    t_sum += t;
    h_sum += h;
    b_sum += b;
    p_sum += r["pressure"].get<double>();
    status_sum += r["status"].get<int64_t>();
    ++n;
  }

  rollup_values values() const {
    auto avg = [this](double sum) { return sum / static_cast<double>(n); };
    return {n,          t_min,      t_max, avg(t_sum), h_min,         h_max,
            avg(h_sum), avg(p_sum), b_min, avg(b_sum), status_sum / n};
  }
};

bool close(double a, double b) {
  return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(a));
}

bool same(const rollup_values& a, const rollup_values& b) {
  return a.readings == b.readings && a.status == b.status &&
         close(a.temperature_min, b.temperature_min) &&
         close(a.temperature_max, b.temperature_max) &&
         close(a.temperature_avg, b.temperature_avg) &&
         close(a.humidity_min, b.humidity_min) &&
         close(a.humidity_max, b.humidity_max) &&
         close(a.humidity_avg, b.humidity_avg) &&
         close(a.pressure_avg, b.pressure_avg) &&
         close(a.battery_min, b.battery_min) &&
         close(a.battery_avg, b.battery_avg);
}

std::string describe(const rollup_values& x) {
  std::ostringstream text;
  text << "{n " << x.readings << ", t " << x.temperature_min << ".."
       << x.temperature_max << " avg " << x.temperature_avg << ", h "
       << x.humidity_avg << ", battery min " << x.battery_min << ", status "
       << x.status << "}";
  return text.str();
}

} // namespace

sensor_readings generated_readings(int64_t count, int64_t sensors,
                                   int64_t first_ms, int64_t step_ms,
                                   bool avro) {
  sensors::sensor_generator make{{7, sensors, 0}};
  sensor_readings result;
  for (int64_t i = 0; i < count; ++i) {
    std::string json;
    auto index = static_cast<uint64_t>(i);
    auto now = first_ms + i * step_ms;
    make.json(index, now, json);
    result.keys.push_back(
        std::to_string(nlohmann::json::parse(json)["sensorId"].get<int64_t>()));
    std::string payload = json;
    if (avro) {
      payload.clear();
      make.avro(index, now, payload);
    }
    result.payloads.push_back(std::move(payload));
    result.json.push_back(std::move(json));
  }
  return result;
}

sensor_readings sensor_readings::slice(size_t from, size_t n) const {
  auto part = [&](const std::vector<std::string>& v) {
    auto begin = v.begin() + static_cast<std::ptrdiff_t>(from);
    return std::vector<std::string>(begin,
                                    begin + static_cast<std::ptrdiff_t>(n));
  };
  return {part(keys), part(payloads), part(json)};
}

rollup_table expected_rollups(const sensor_readings& readings,
                              int64_t window_ms) {
  std::map<std::string, running> windows;
  for (auto& text : readings.json) {
    auto r = nlohmann::json::parse(text);
    auto ts = r["timestamp"].get<int64_t>();
    auto window = window_ms == 0 ? std::string{"*"}
                                 : std::to_string((ts - ts % window_ms) / 1000);
    auto key =
        "sensor_" + std::to_string(r["sensorId"].get<int64_t>()) + "@" + window;
    windows[key].add(r);
  }
  rollup_table result;
  for (auto& [key, w] : windows)
    result[key] = w.values();
  return result;
}

rollup_table in_one_window(const rollup_table& rows) {
  rollup_table result;
  for (auto& [key, values] : rows) {
    auto device = key.substr(0, key.find('@')) + "@*";
    CHECK_MESSAGE(result.count(device) == 0, ("a second window of " + device));
    result[device] = values;
  }
  return result;
}

std::string rollups_query(const std::string& table) {
  return "SELECT device_id, toUInt32(window_start) AS start, readings, "
         "temperature_min, temperature_max, temperature_avg, humidity_min, "
         "humidity_max, humidity_avg, pressure_avg, battery_level_min, "
         "battery_level_avg, status FROM " +
         table + " FINAL FORMAT JSONEachRow";
}

rollup_table rollups_of_rows(const std::string& rows) {
  rollup_table result;
  std::istringstream lines{rows};
  for (std::string line; std::getline(lines, line);) {
    if (line.empty())
      continue;
    auto r = nlohmann::json::parse(line);
    // ClickHouse quotes 64-bit integers in JSON.
    auto integer = [&](const char* name) {
      auto& v = r[name];
      return v.is_string() ? std::stoll(v.get<std::string>())
                           : v.get<int64_t>();
    };
    auto key = r["device_id"].get<std::string>() + "@" +
               std::to_string(integer("start"));
    CHECK_MESSAGE(result.count(key) == 0, ("a window twice: " + key));
    result[key] = {integer("readings"),
                   r["temperature_min"].get<double>(),
                   r["temperature_max"].get<double>(),
                   r["temperature_avg"].get<double>(),
                   r["humidity_min"].get<double>(),
                   r["humidity_max"].get<double>(),
                   r["humidity_avg"].get<double>(),
                   r["pressure_avg"].get<double>(),
                   r["battery_level_min"].get<double>(),
                   r["battery_level_avg"].get<double>(),
                   integer("status")};
  }
  return result;
}

bool same_rollups(const rollup_table& expected, const rollup_table& got) {
  return expected.size() == got.size() &&
         std::equal(expected.begin(), expected.end(), got.begin(),
                    [](auto& a, auto& b) {
                      return a.first == b.first && same(a.second, b.second);
                    });
}

std::string first_differences(const rollup_table& expected,
                              const rollup_table& got) {
  std::string text = std::to_string(expected.size()) + " windows expected, " +
                     std::to_string(got.size()) + " got";
  int shown = 0;
  for (auto& [key, want] : expected) {
    if (shown == 5)
      break;
    auto i = got.find(key);
    if (i == got.end()) {
      text += "; " + key + " missing";
      ++shown;
    } else if (!same(want, i->second)) {
      text += "; " + key + ": expected " + describe(want) + ", got " +
              describe(i->second);
      ++shown;
    }
  }
  for (auto& [key, have] : got)
    if (expected.count(key) == 0 && shown++ < 5)
      text += "; " + key + " not expected";
  return text;
}

void produce_readings(const std::string& bootstrap, const std::string& topic,
                      const sensor_readings& readings) {
  produce_messages(bootstrap, topic, readings.keys, readings.payloads);
}

} // namespace eddy::test
