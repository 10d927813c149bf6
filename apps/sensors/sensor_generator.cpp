// Makes one reading from (seed, index): each sensor's levels come from the
// seed and its number alone, each reading's draws from the seed and its
// index alone, so any reading can be made on its own, on any thread.
#include "apps/sensors/sensor_generator.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string_view>

#include "connectors/splitmix64.hpp"

namespace eddy::sensors {

namespace {

using splitmix64::draws;

// The draws' streams.
enum stream : uint64_t { levels_stream = 1, values_stream = 2 };

// Shares of the sensors whose level crosses an alert threshold.
constexpr double hot_share = 0.03;     // temperature > 35
constexpr double humid_share = 0.03;   // humidity > 80
constexpr double drained_share = 0.03; // batteryLevel < 20

// A sensor's own levels, around which its readings vary.
struct sensor_levels {
  double temperature;
  double humidity;
  double battery;
};

sensor_levels levels_of(uint64_t seed, int32_t sensor_id) {
  draws d{seed, levels_stream, static_cast<uint64_t>(sensor_id)};
  auto level = [&d](uint64_t k, double share, std::pair<double, double> odd,
                    std::pair<double, double> usual) {
    auto [low, high] = d.unit(k) < share ? odd : usual;
    return d.between(k + 1, low, high);
  };
  return {level(0, hot_share, {36, 42}, {15, 32}),
          level(2, humid_share, {82, 95}, {30, 72}),
          level(4, drained_share, {5, 18}, {25, 100})};
}

// Two decimals, as a sensor reports: shorter JSON, and the same double
// whichever format carries it.
double centi(double x) {
  return std::round(x * 100) / 100;
}

double percent(double x) {
  return centi(std::clamp(x, 0.0, 100.0));
}

// 95 % online, 2 % offline, 2 % maintenance, 1 % error.
int32_t status_draw(double u) {
  return u < 0.95 ? 1 : u < 0.97 ? 2 : u < 0.99 ? 3 : 4;
}

// A reading's JSON is formatted here and appended at once.
class json_buffer {
public:
  void put(std::string_view text) {
    text.copy(at_, text.size());
    at_ += text.size();
  }

  template <class Number>
  void put_number(Number x) {
    at_ = std::to_chars(at_, bytes_.data() + bytes_.size(), x).ptr;
  }

  // JSON has no NaN or infinity: null, which readers take as absent.
  void put_number(double x) {
    if (!std::isfinite(x))
      return put("null");
    at_ = std::to_chars(at_, bytes_.data() + bytes_.size(), x).ptr;
  }

  /// `name` (the JSON text up to the value) and the number.
  template <class Number>
  void put_field(std::string_view name, Number x) {
    put(name);
    put_number(x);
  }

  std::string_view text() const {
    return {bytes_.data(), static_cast<size_t>(at_ - bytes_.data())};
  }

private:
  // Eight fields: about 150 bytes, at most about 230 (the longest doubles).
  std::array<char, 320> bytes_;
  char* at_ = bytes_.data();
};

} // namespace

sensor_generator::sensor_generator(sensor_generator_options opts)
    : opts_(opts) {}

avro_fields sensor_generator::fields(uint64_t index, int64_t now_ms) const {
  draws d{opts_.seed, values_stream, index};
  auto sensor_id = static_cast<int32_t>(
      opts_.sensor_offset +
      static_cast<int64_t>(d.below(0, static_cast<uint64_t>(opts_.sensors))));
  auto levels = levels_of(opts_.seed, sensor_id);
  avro_fields x;
  x.sensor_id = sensor_id;
  x.sensor_type = sensor_id % 8 + 1;
  x.temperature = centi(levels.temperature + d.between(1, -1.5, 1.5));
  x.humidity = percent(levels.humidity + d.between(2, -4, 4));
  x.pressure = centi(d.between(3, 985, 1040));
  x.battery_level = percent(levels.battery + d.between(4, -0.5, 0.5));
  x.status = status_draw(d.unit(5));
  x.timestamp_ms = now_ms;
  return x;
}

void sensor_generator::json(uint64_t index, int64_t now_ms,
                            std::string& out) const {
  format_json(fields(index, now_ms), out);
}

void sensor_generator::avro(uint64_t index, int64_t now_ms,
                            std::string& out) const {
  encode_avro(fields(index, now_ms), out);
}

void format_json(const avro_fields& x, std::string& out) {
  json_buffer b;
  b.put_field(R"({"sensorId":)", x.sensor_id);
  b.put_field(R"(,"sensorType":)", x.sensor_type);
  b.put_field(R"(,"temperature":)", x.temperature);
  b.put_field(R"(,"humidity":)", x.humidity);
  b.put_field(R"(,"pressure":)", x.pressure);
  b.put_field(R"(,"batteryLevel":)", x.battery_level);
  b.put_field(R"(,"status":)", x.status);
  b.put_field(R"(,"timestamp":)", x.timestamp_ms);
  b.put("}");
  out.append(b.text());
}

} // namespace eddy::sensors
