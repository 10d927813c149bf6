// Validation of an event that parsed: the seed's per-type value ranges,
// which flag an event instead of refusing it, and its age bounds, which
// refuse it.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "caf/error.hpp"
#include "caf/expected.hpp"

#include "apps/telemetry/telemetry_event.hpp"

namespace eddy::telemetry {

struct value_range {
  double min = 0.0;
  double max = 0.0;
};

/// A sensor type of the seed: its name, the unit its publisher sends and
/// the range of valid values. The bounds are whole numbers so that
/// seed_ranges can be written out at compile time.
struct seed_sensor_type {
  std::string_view name;
  std::string_view unit;
  int32_t min;
  int32_t max;
};

/// The seed's sensor types in its publisher's order: the generator's types
/// and, as seed_ranges, the default ranges of the validation.
inline constexpr std::array<seed_sensor_type, 12> seed_sensor_types = {{
    {"TEMPERATURE", "C", -50, 150},
    {"VOLTAGE", "V", 0, 600},
    {"CURRENT", "A", 0, 500},
    {"POWER", "kW", 0, 10000},
    {"FREQUENCY", "Hz", 0, 100},
    {"PRESSURE", "kPa", 0, 1000},
    {"HUMIDITY", "%", 0, 100},
    {"VIBRATION", "mm/s", 0, 100},
    {"FLOW_RATE", "m3/h", 0, 1000},
    {"RPM", "rpm", 0, 10000},
    {"TORQUE", "Nm", 0, 1000},
    {"ENERGY", "kWh", 0, 100000},
}};

namespace detail {

template <class Put>
constexpr void spell_integer(int32_t n, Put& put) {
  if (n < 0) {
    put('-');
    n = -n;
  }
  if (n >= 10)
    spell_integer(n / 10, put);
  put(static_cast<char>('0' + n % 10));
}

// Passes each character of seed_sensor_types' ranges as a list
// "TYPE=min..max,..." to `put`: once to count them, once to write them.
template <class Put>
constexpr void spell_seed_ranges(Put put) {
  for (size_t i = 0; i < seed_sensor_types.size(); ++i) {
    auto& type = seed_sensor_types[i];
    if (i > 0)
      put(',');
    for (char c : type.name)
      put(c);
    put('=');
    spell_integer(type.min, put);
    put('.');
    put('.');
    spell_integer(type.max, put);
  }
}

inline constexpr auto seed_ranges_text = [] {
  constexpr size_t length = [] {
    size_t n = 0;
    spell_seed_ranges([&n](char) { ++n; });
    return n;
  }();
  std::array<char, length> text{};
  size_t i = 0;
  spell_seed_ranges([&text, &i](char c) { text[i++] = c; });
  return text;
}();

} // namespace detail

/// The seed's ranges as a list for parse_ranges (and the default of
/// telemetry.ranges): "TEMPERATURE=-50..150,VOLTAGE=0..600,...".
inline constexpr std::string_view seed_ranges{detail::seed_ranges_text.data(),
                                              detail::seed_ranges_text.size()};

using range_table = std::map<std::string, value_range, std::less<>>;

/// The ranges of a list "TYPE=min..max,...": fails naming the entry that
/// is not of that form, or whose min is above its max.
[[nodiscard]] caf::expected<range_table> parse_ranges(std::string_view list);

struct validation_rules {
  range_table ranges;
  /// An event older than this (by the wall clock) is stale.
  std::chrono::milliseconds max_age{std::chrono::hours{24}};
  /// An event more than this ahead of the wall clock is from the future.
  std::chrono::milliseconds max_future{std::chrono::hours{1}};
};

/// Why an event refused for its age reads as it does: its dead letter's
/// reason starts with one of these.
inline constexpr std::string_view stale_reason = "stale: ";
inline constexpr std::string_view future_reason = "future: ";

/// Refuses `e` (ec::malformed_record, "stale: ..." or "future: ...") if its
/// time is out of bounds at wall clock `wall_ms`; else flags it:
/// OUT_OF_RANGE outside its type's range (bounds included), UNKNOWN_TYPE
/// for a type without one, its own flag otherwise.
caf::error validate(event& e, const validation_rules& rules, int64_t wall_ms);

} // namespace eddy::telemetry
