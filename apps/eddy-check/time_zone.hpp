// A zone of the tz database read from its TZif file, so that eddy-check can
// read wall-clock times in any IANA zone without touching the process-wide
// TZ that localtime() and mktime() share.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "caf/expected.hpp"

namespace eddy::check {

class time_zone {
public:
  /// The zone `name` (e.g. "America/New_York"; "UTC" needs no file) from
  /// $TZDIR, else /usr/share/zoneinfo. Fails with ec::invalid_config naming
  /// the zone when the name is not a zone's (absolute, `..`, odd
  /// characters), its file cannot be read, or the file is not TZif.
  [[nodiscard]] static caf::expected<time_zone> load(std::string_view name);

  /// The zone `name` from the bytes of its TZif file. Fails with
  /// ec::invalid_config naming the zone when they are not TZif, are cut
  /// short, or do not hold together (transitions out of order, a type that
  /// is not there).
  [[nodiscard]] static caf::expected<time_zone>
  from_tzif(std::string_view name, std::string_view bytes);

  /// The hour of day (0-23) that the wall-clock time `wall_seconds` (its
  /// fields counted as if it were UTC, in seconds since the epoch) has once
  /// placed in this zone, as java.util.Calendar places it: a time that the
  /// zone skips (the gap when clocks go forward) moves forward by the gap,
  /// a time it repeats keeps its hour. Fails with ec::invalid_config when
  /// the time lies past the zone's last listed transition while the zone
  /// still changes its clocks (its file lists them only up to a year).
  [[nodiscard]] caf::expected<int>
  hour_of_wall_time(int64_t wall_seconds) const;

  const std::string& name() const noexcept { return name_; }

private:
  time_zone() = default;

  // The offset from UTC (seconds) in force at `utc_seconds`.
  int32_t offset_at(int64_t utc_seconds) const;

  std::string name_;
  // When the offset changed (UTC seconds, ascending) and what it became.
  std::vector<int64_t> transitions_;
  std::vector<int32_t> offsets_after_;
  // The offset before the first transition.
  int32_t first_offset_ = 0;
  // Whether clocks still change after the last transition listed.
  bool has_rule_after_last_ = false;
};

} // namespace eddy::check
