// simdjson's DOM parser validates the whole document (bad JSON must be a
// dead letter, which the on-demand API would not see in fields it skips);
// one pass over the object then files each known field by name, and the
// reading is built from what was found, in the seed's order of preference.
#include "apps/sensors/sensor_json.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include <simdjson.h>

#include "messages/error.hpp"

namespace eddy::sensors {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

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
static_assert(field_count <= 32, "found_fields keeps one bit per field");

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

/// The known fields of one object, each the last of its name, as the
/// seed's Jackson keeps it; null counts as absent.
class found_fields {
public:
  void add(std::string_view name, element value) {
    for (size_t i = 0; i < field_count; ++i)
      if (field_names[i] == name) {
        values_[i] = value;
        auto bit = uint32_t{1} << i;
        present_ = value.is_null() ? present_ & ~bit : present_ | bit;
        return;
      }
  }

  bool has(field f) const {
    return (present_ >> static_cast<size_t>(f) & 1) != 0;
  }

  element operator[](field f) const { return values_[static_cast<size_t>(f)]; }

private:
  std::array<element, field_count> values_;
  uint32_t present_ = 0;
};

// ---- errors ---------------------------------------------------------------

caf::error malformed(std::string text) {
  return make_error(ec::malformed_record, std::move(text));
}

std::string name_of(field f) {
  return std::string{field_names[static_cast<size_t>(f)]};
}

/// `value` as JSON, cut short (not inside a UTF-8 character): what the
/// message shows of a wrong value.
std::string shown(element value) {
  size_t most = 40;
  auto text = simdjson::minify(value);
  if (text.size() <= most)
    return text;
  while (most > 0 && (static_cast<unsigned char>(text[most]) & 0xc0) == 0x80)
    --most;
  return text.replace(most, std::string::npos, "...");
}

caf::error wrong_type(field f, std::string_view expected, element value) {
  return malformed("field '" + name_of(f) + "': expected " +
                   std::string{expected} + ", got " + shown(value));
}

caf::error out_of_range(field f, std::string_view range, element value) {
  return malformed("field '" + name_of(f) + "': " + shown(value) +
                   " is out of range (" + std::string{range} + ")");
}

// ---- values ---------------------------------------------------------------

bool is_integer(element value) {
  return value.type() == element_type::INT64 ||
         value.type() == element_type::UINT64;
}

template <class T>
caf::error read_integer(field f, element value, T& out) {
  constexpr auto range =
      sizeof(T) == 4 ? "a 32-bit integer" : "a 64-bit signed integer";
  if (!is_integer(value))
    return wrong_type(f, "an integer", value);
  int64_t n = 0;
  if (value.get_int64().get(n) != simdjson::SUCCESS ||
      n < std::numeric_limits<T>::min() || n > std::numeric_limits<T>::max())
    return out_of_range(f, range, value);
  out = static_cast<T>(n);
  return {};
}

caf::error read_number(field f, element value, double& out) {
  if (value.get_double().get(out) != simdjson::SUCCESS)
    return wrong_type(f, "a number", value);
  return {};
}

caf::error read_string(field f, element value, std::string& out) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS)
    return wrong_type(f, "a string", value);
  out.assign(text);
  return {};
}

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
      return malformed("neither 'sensorId' nor 'device_id' is present");
    if (auto err =
            read_string(field::device_id, in[field::device_id], r.device_id))
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
  if (!is_integer(value))
    return wrong_type(field::sensor_id, "an integer or a string", value);
  if (auto err = read_integer(field::sensor_id, value, id))
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
    return read_string(field::device_type, in[field::device_type],
                       r.device_type);
  }
  auto value = in[field::sensor_type];
  if (value.is_string())
    return read_string(field::sensor_type, value, r.device_type);
  if (!is_integer(value))
    return wrong_type(field::sensor_type, "an integer or a string", value);
  int32_t type = 0;
  if (auto err = read_integer(field::sensor_type, value, type))
    return err;
  r.device_type = device_type_of(type);
  return {};
}

caf::error read_site(const found_fields& in, std::optional<int32_t> sensor,
                     reading& r) {
  for (auto f : {field::site_id, field::location})
    if (in.has(f))
      return read_string(f, in[f], r.site_id);
  r.site_id = sensor ? site_of(*sensor) : "site_001";
  return {};
}

caf::error read_status(const found_fields& in, reading& r) {
  if (!in.has(field::status))
    return {};
  auto value = in[field::status];
  std::string_view name;
  if (value.get_string().get(name) == simdjson::SUCCESS) {
    r.status = status_of(name);
    return {};
  }
  if (!is_integer(value))
    return wrong_type(field::status, "an integer or a string", value);
  return read_integer(field::status, value, r.status);
}

caf::error read_motion(const found_fields& in, reading& r) {
  if (!in.has(field::motion_detected))
    return {};
  auto value = in[field::motion_detected];
  if (auto err = read_integer(field::motion_detected, value, r.motion_detected))
    return err;
  if (r.motion_detected != 0 && r.motion_detected != 1)
    return out_of_range(field::motion_detected, "0 or 1", value);
  return {};
}

caf::error read_numbers(const found_fields& in, reading& r) {
  for (auto [f, member] : number_fields)
    if (in.has(f))
      if (auto err = read_number(f, in[f], r.*member))
        return err;
  // The producer's batteryLevel before the column's battery_level.
  for (auto f : {field::battery_level_camel, field::battery_level})
    if (in.has(f))
      return read_number(f, in[f], r.battery_level);
  return {};
}

caf::error read_counts(const found_fields& in, reading& r) {
  if (in.has(field::error_count))
    if (auto err = read_integer(field::error_count, in[field::error_count],
                                r.error_count))
      return err;
  for (auto [f, member] : long_fields)
    if (in.has(f))
      if (auto err = read_integer(f, in[f], r.*member))
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
  if (in.has(field::customer_id))
    if (auto err = read_string(field::customer_id, in[field::customer_id],
                               r.customer_id))
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

/// A buffer with simdjson's padding after the text, one per thread: a
/// Kafka payload has no room after its end to read past.
simdjson::padded_string_view padded_copy(std::string_view json) {
  thread_local std::string buffer;
  auto needed = json.size() + simdjson::SIMDJSON_PADDING;
  if (buffer.size() < needed)
    buffer.resize(needed);
  json.copy(buffer.data(), json.size());
  return simdjson::padded_string_view{buffer.data(), json.size(),
                                      buffer.size()};
}

} // namespace

caf::expected<reading> parse_json(std::string_view json) {
  thread_local simdjson::dom::parser parser;
  element doc;
  if (auto err = parser.parse(padded_copy(json)).get(doc))
    return malformed("invalid JSON: " +
                     std::string{simdjson::error_message(err)});
  simdjson::dom::object object;
  if (doc.get_object().get(object) != simdjson::SUCCESS)
    return malformed("expected a JSON object, got " + shown(doc));
  found_fields in;
  for (auto [name, value] : object)
    in.add(name, value);
  return reading_of(in);
}

} // namespace eddy::sensors
