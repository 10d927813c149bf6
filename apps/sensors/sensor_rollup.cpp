// Writes the rollup's rows and alerts as JSON, by hand: at a window's end a
// million devices make a million rows at once.
#include "apps/sensors/sensor_rollup.hpp"

#include <type_traits>
#include <utility>

#include "apps/sensors/sensor_table.hpp"
#include "messages/json_text.hpp"

namespace eddy::sensors {

namespace {

using json_text::append_name;
using json_text::append_number;
using json_text::append_string;

void append_field(std::string_view name, std::string_view value,
                  std::string& out) {
  append_name(name, out);
  append_string(value, out);
}

template <class Number>
requires std::is_arithmetic_v<Number>
void append_field(std::string_view name, Number value, std::string& out) {
  append_name(name, out);
  append_number(value, out);
}

// DateTime columns take Unix seconds, whatever the server's time zone.
int64_t seconds_of(int64_t ms) {
  return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

void append_statistics(const rollup& x, std::string& out) {
  std::string name;
  for (auto& column : reading_columns) {
    auto& s = x.*column.member;
    for (auto [suffix, value] :
         {std::pair{"_min", s.min}, std::pair{"_max", s.max},
          std::pair{"_avg", s.avg()}}) {
      name.assign(column.name).append(suffix);
      append_field(name, value, out);
    }
  }
}

} // namespace

bool thresholds::crossed_by(const rollup& x) const noexcept {
  return x.readings > 0 && (x.temperature.max > temperature_above ||
                            x.humidity.max > humidity_above ||
                            x.battery_level.min < battery_below);
}

std::optional<alert> alert_of(const rollup& x, const thresholds& limits) {
  if (!limits.crossed_by(x))
    return std::nullopt;
  return alert{x.device_id,
               x.window_start,
               x.window_end,
               x.temperature.max > limits.temperature_above,
               x.humidity.max > limits.humidity_above,
               x.battery_level.min < limits.battery_below,
               x.temperature.max,
               x.humidity.max,
               x.battery_level.min};
}

void format_row(const rollup& x, std::string& out) {
  out.push_back('{');
  append_field("device_id", x.device_id, out);
  append_field("device_type", x.device_type, out);
  append_field("customer_id", x.customer_id, out);
  append_field("site_id", x.site_id, out);
  append_field("window_start", seconds_of(x.window_start), out);
  append_field("window_end", seconds_of(x.window_end), out);
  append_field("readings", x.readings, out);
  append_statistics(x, out);
  append_field("motion_detected", int64_t{x.motion_detected}, out);
  append_field("status", int64_t{x.status}, out);
  append_field("error_count", x.error_count, out);
  append_field("packets_sent", x.packets_sent, out);
  append_field("packets_received", x.packets_received, out);
  append_field("bytes_sent", x.bytes_sent, out);
  append_field("bytes_received", x.bytes_received, out);
  append_field("has_alert", int64_t{x.has_alert ? 1 : 0}, out);
  out.push_back('}');
}

void format_json(const alert& x, std::string& out) {
  out.push_back('{');
  append_field("device_id", x.device_id, out);
  append_field("window_start", x.window_start, out);
  append_field("window_end", x.window_end, out);
  append_name("alerts", out);
  out.push_back('[');
  auto first = true;
  for (auto [crossed, name] :
       {std::pair{x.high_temperature, "high_temperature"},
        std::pair{x.high_humidity, "high_humidity"},
        std::pair{x.low_battery, "low_battery"}}) {
    if (!crossed)
      continue;
    if (!first)
      out.push_back(',');
    first = false;
    append_string(name, out);
  }
  out.push_back(']');
  append_field("max_temperature", x.max_temperature, out);
  append_field("max_humidity", x.max_humidity, out);
  append_field("min_battery", x.min_battery, out);
  out.push_back('}');
}

void format_json(const reading& x, std::string& out) {
  out.push_back('{');
  append_field("device_id", x.device_id, out);
  append_field("device_type", x.device_type, out);
  append_field("customer_id", x.customer_id, out);
  append_field("site_id", x.site_id, out);
  append_field("timestamp", x.timestamp_ms, out);
  for (auto [name, value] :
       {std::pair{"temperature", x.temperature},
        std::pair{"humidity", x.humidity}, std::pair{"pressure", x.pressure},
        std::pair{"co2_level", x.co2_level},
        std::pair{"noise_level", x.noise_level},
        std::pair{"light_level", x.light_level},
        std::pair{"battery_level", x.battery_level},
        std::pair{"signal_strength", x.signal_strength}})
    append_field(name, value, out);
  for (auto [name, value] :
       {std::pair{"motion_detected", int64_t{x.motion_detected}},
        std::pair{"status", int64_t{x.status}},
        std::pair{"error_count", int64_t{x.error_count}},
        std::pair{"packets_sent", x.packets_sent},
        std::pair{"packets_received", x.packets_received},
        std::pair{"bytes_sent", x.bytes_sent},
        std::pair{"bytes_received", x.bytes_received}})
    append_field(name, value, out);
  out.push_back('}');
}

} // namespace eddy::sensors
