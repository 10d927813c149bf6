// Validation of an event that parsed: the seed's per-type value ranges,
// which flag an event instead of refusing it, and its age bounds, which
// refuse it.
#pragma once

#include <chrono>
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

/// The seed's ranges: "TEMPERATURE=-50..150,VOLTAGE=0..600,...".
inline constexpr std::string_view seed_ranges =
    "TEMPERATURE=-50..150,VOLTAGE=0..600,CURRENT=0..500,POWER=0..10000,"
    "FREQUENCY=0..100,PRESSURE=0..1000,HUMIDITY=0..100,VIBRATION=0..100,"
    "FLOW_RATE=0..1000,RPM=0..10000,TORQUE=0..1000,ENERGY=0..100000";

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
