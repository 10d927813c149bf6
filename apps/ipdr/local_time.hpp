// IPDR times: `fromTime` is a wall-clock time ("2023-08-01 19:15:00")
// without a zone; the seed reads it in the JVM's zone. The job reads it in
// `ipdr.timezone` (an IANA name such as America/New_York, via the system's
// tz database) into an instant (event time) and the hour of day the rollup
// keys on.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "caf/expected.hpp"

namespace eddy::ipdr {

/// A `fromTime` read in a zone.
struct zoned_time {
  /// The instant, ms since the epoch.
  int64_t epoch_ms = 0;
  /// The hour of day (0-23) of that instant in the zone.
  int32_t hour = 0;
};

/// A time zone that reads local times. Copies share the loaded zone; safe
/// to use from several threads.
class local_time_zone {
public:
  /// Loads `name` ("UTC", "Europe/Berlin", ...). Fails with
  /// ec::invalid_config naming the zone when the tz database lacks it.
  [[nodiscard]] static caf::expected<local_time_zone>
  load(const std::string& name);

  /// Reads `text` as `yyyy-MM-dd HH:mm:ss` in this zone. A local time that
  /// the zone skips (a daylight-saving gap) moves forward by the gap, and
  /// one it repeats is the earlier instant, as Java's lenient calendar
  /// reads them. Fails with ec::malformed_record saying what is wrong.
  [[nodiscard]] caf::expected<zoned_time> read(std::string_view text) const;

  const std::string& name() const noexcept;

private:
  struct zone;
  explicit local_time_zone(std::shared_ptr<const zone> z);
  std::shared_ptr<const zone> zone_;
};

} // namespace eddy::ipdr
