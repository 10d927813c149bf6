// One pass over the validated object files each known field by name
// (connectors/json/json_fields.hpp); the reading is built from what was
// found, in the seed's order of preference.
#include "apps/sensors/sensor_json.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>

#include "connectors/json/json_fields.hpp"
#include "messages/error.hpp"

namespace eddy::sensors {

namespace {

// The fields read, by name; the enum indexes `field_names`.
enum class field : uint8_t {
  sensor_id,
  device_id,
  sensor_type,
  device_type,
  customer_id,
  site_id,
  location,
  temperature,
  humidity,
  pressure,
  co2_level,
  noise_level,
  light_level,
  motion_detected,
  battery_level_camel,
  battery_level,
  signal_strength,
  status,
  error_count,
  packets_sent,
  packets_received,
  bytes_sent,
  bytes_received,
  timestamp,
};

constexpr size_t field_count = static_cast<size_t>(field::timestamp) + 1;

constexpr std::array<std::string_view, field_count> field_names = {
    "sensorId",         "device_id",       "sensorType",     "device_type",
    "customer_id",      "site_id",         "location",       "temperature",
    "humidity",         "pressure",        "co2_level",      "noise_level",
    "light_level",      "motion_detected", "batteryLevel",   "battery_level",
    "signal_strength",  "status",          "error_count",    "packets_sent",
    "packets_received", "bytes_sent",      "bytes_received", "timestamp"};

// The fields that are plain numbers, and where each goes.
constexpr std::array<std::pair<field, double reading::*>, 7> number_fields = {{
    {field::temperature, &reading::temperature},
    {field::humidity, &reading::humidity},
    {field::pressure, &reading::pressure},
    {field::co2_level, &reading::co2_level},
    {field::noise_level, &reading::noise_level},
    {field::light_level, &reading::light_level},
    {field::signal_strength, &reading::signal_strength},
}};

constexpr std::array<std::pair<field, int64_t reading::*>, 5> long_fields = {{
    {field::packets_sent, &reading::packets_sent},
    {field::packets_received, &reading::packets_received},
    {field::bytes_sent, &reading::bytes_sent},
    {field::bytes_received, &reading::bytes_received},
    {field::timestamp, &reading::timestamp_ms},
}};

using found_fields = json_fields<field, field_names>;

/// The sensor number in a string sensorId, if it is one.
std::optional<int32_t> number_in(std::string_view text) {
  int32_t n = 0;
  auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (err != std::errc{} || end != text.data() + text.size())
    return std::nullopt;
  return n;
}

// ---- the reading's parts ----------------------------------------------------

/// device_id from sensorId or device_id; answers the sensor's number when
/// sensorId holds one (its site).
caf::expected<std::optional<int32_t>> read_device(const found_fields& in,
                                                  reading& r) {
  if (!in.has(field::sensor_id)) {
    if (!in.has(field::device_id))
      return make_error(ec::malformed_record,
                        "neither 'sensorId' nor 'device_id' is present");
    if (auto err = in.read(field::device_id, r.device_id))
      return err;
    return std::optional<int32_t>{};
  }
  auto value = in[field::sensor_id];
  std::string_view text;
  if (value.get_string().get(text) == simdjson::SUCCESS) {
    r.device_id.assign("sensor_").append(text);
    return number_in(text);
  }
  int32_t id = 0;
  if (!is_json_integer(value))
    return in.wrong_type(field::sensor_id, "an integer or a string");
  if (auto err = in.read(field::sensor_id, id))
    return err;
  std::array<char, 16> digits;
  auto end =
      std::to_chars(digits.data(), digits.data() + digits.size(), id).ptr;
  r.device_id.assign("sensor_").append(digits.data(), end);
  return std::optional<int32_t>{id};
}

caf::error read_device_type(const found_fields& in, reading& r) {
  if (!in.has(field::sensor_type)) {
    if (!in.has(field::device_type)) {
      r.device_type = "unknown"; // the seed's asText("unknown")
      return {};
    }
    return in.read(field::device_type, r.device_type);
  }
  auto value = in[field::sensor_type];
  if (value.is_string())
    return in.read(field::sensor_type, r.device_type);
  if (!is_json_integer(value))
    return in.wrong_type(field::sensor_type, "an integer or a string");
  int32_t type = 0;
  if (auto err = in.read(field::sensor_type, type))
    return err;
  r.device_type = device_type_of(type);
  return {};
}

caf::error read_site(const found_fields& in, std::optional<int32_t> sensor,
                     reading& r) {
  for (auto f : {field::site_id, field::location})
    if (in.has(f))
      return in.read(f, r.site_id);
  r.site_id = sensor ? site_of(*sensor) : "site_001";
  return {};
}

caf::error read_status(const found_fields& in, reading& r) {
  if (!in.has(field::status))
    return {};
  std::string_view name;
  if (in[field::status].get_string().get(name) == simdjson::SUCCESS) {
    r.status = status_of(name);
    return {};
  }
  if (!is_json_integer(in[field::status]))
    return in.wrong_type(field::status, "an integer or a string");
  return in.read(field::status, r.status);
}

caf::error read_motion(const found_fields& in, reading& r) {
  if (auto err = in.read(field::motion_detected, r.motion_detected))
    return err;
  if (r.motion_detected != 0 && r.motion_detected != 1)
    return in.out_of_range(field::motion_detected, "0 or 1");
  return {};
}

caf::error read_numbers(const found_fields& in, reading& r) {
  for (auto [f, member] : number_fields)
    if (auto err = in.read(f, r.*member))
      return err;
  // The producer's batteryLevel before the column's battery_level.
  for (auto f : {field::battery_level_camel, field::battery_level})
    if (in.has(f))
      return in.read(f, r.battery_level);
  return {};
}

caf::error read_counts(const found_fields& in, reading& r) {
  if (auto err = in.read(field::error_count, r.error_count))
    return err;
  for (auto [f, member] : long_fields)
    if (auto err = in.read(f, r.*member))
      return err;
  return {};
}

caf::expected<reading> reading_of(const found_fields& in) {
  reading r;
  auto sensor = read_device(in, r);
  if (!sensor)
    return sensor.error();
  if (auto err = read_device_type(in, r))
    return err;
  if (auto err = read_site(in, *sensor, r))
    return err;
  if (auto err = in.read(field::customer_id, r.customer_id))
    return err;
  if (auto err = read_numbers(in, r))
    return err;
  if (auto err = read_motion(in, r))
    return err;
  if (auto err = read_status(in, r))
    return err;
  if (auto err = read_counts(in, r))
    return err;
  return r;
}

} // namespace

caf::expected<reading> parse_json(std::string_view json) {
  auto doc = parse_json_document(json);
  if (!doc)
    return doc.error();
  simdjson::dom::object object;
  if (doc->get_object().get(object) != simdjson::SUCCESS)
    return make_error(ec::malformed_record,
                      "expected a JSON object, got " + json_excerpt(*doc));
  return reading_of(found_fields{object});
}

} // namespace eddy::sensors
