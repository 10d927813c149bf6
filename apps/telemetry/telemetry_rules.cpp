// The seed's validation, with the out-of-range flag it means to set.
#include "apps/telemetry/telemetry_rules.hpp"

#include <charconv>
#include <string>

#include "config/key_spec.hpp"
#include "messages/error.hpp"

namespace eddy::telemetry {

namespace {

bool read_double(std::string_view text, double& out) {
  auto [end, err] =
      std::from_chars(text.data(), text.data() + text.size(), out);
  return err == std::errc{} && end == text.data() + text.size();
}

caf::error bad_entry(std::string_view entry, std::string_view why) {
  return make_error(ec::invalid_config, "range '" + std::string{entry} +
                                            "': " + std::string{why} +
                                            " (expected TYPE=min..max)");
}

} // namespace

caf::expected<range_table> parse_ranges(std::string_view list) {
  range_table table;
  while (!list.empty()) {
    auto comma = list.find(',');
    auto entry = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view{}
                                           : list.substr(comma + 1);
    auto equals = entry.find('=');
    auto dots = entry.find("..", equals == std::string_view::npos ? 0 : equals);
    if (equals == 0 || equals == std::string_view::npos ||
        dots == std::string_view::npos)
      return bad_entry(entry, "not of the form");
    value_range r;
    if (!read_double(entry.substr(equals + 1, dots - equals - 1), r.min) ||
        !read_double(entry.substr(dots + 2), r.max))
      return bad_entry(entry, "min and max must be numbers");
    if (r.min > r.max)
      return bad_entry(entry, "min is above max");
    table[std::string{entry.substr(0, equals)}] = r;
  }
  return table;
}

caf::error validate(event& e, const validation_rules& rules, int64_t wall_ms) {
  if (e.timestamp_ms < wall_ms - rules.max_age.count())
    return make_error(ec::malformed_record,
                      std::string{stale_reason} + "event time " +
                          std::to_string(e.timestamp_ms) + " is more than " +
                          duration_text(rules.max_age.count()) +
                          " behind the wall clock");
  if (e.timestamp_ms > wall_ms + rules.max_future.count())
    return make_error(ec::malformed_record,
                      std::string{future_reason} + "event time " +
                          std::to_string(e.timestamp_ms) + " is more than " +
                          duration_text(rules.max_future.count()) +
                          " ahead of the wall clock");
  auto range = rules.ranges.find(e.sensor_type);
  if (range == rules.ranges.end()) {
    e.quality_flag = "UNKNOWN_TYPE";
    e.checked = quality::unknown_type;
  } else if (!(e.value >= range->second.min && e.value <= range->second.max)) {
    e.quality_flag = "OUT_OF_RANGE";
    e.checked = quality::out_of_range;
  }
  return {};
}

} // namespace eddy::telemetry
