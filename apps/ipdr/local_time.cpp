// Reads IPDR wall-clock times in a zone with CCTZ, which handles the
// skipped and repeated local times of daylight-saving changes.
#include "apps/ipdr/local_time.hpp"

#include <array>
#include <chrono>

#include <cctz/civil_time.h>
#include <cctz/time_zone.h>

#include "messages/error.hpp"

namespace eddy::ipdr {

struct local_time_zone::zone {
  std::string name;
  cctz::time_zone tz;
  /// UTC needs no lookup: the hot path when no zone is set.
  bool is_utc = false;
};

local_time_zone::local_time_zone(std::shared_ptr<const zone> z)
    : zone_(std::move(z)) {}

caf::expected<local_time_zone> local_time_zone::load(const std::string& name) {
  auto z = std::make_shared<zone>();
  z->name = name;
  z->is_utc = name == "UTC";
  if (!cctz::load_time_zone(name, &z->tz))
    return make_error(ec::invalid_config,
                      "ipdr.timezone: no time zone '" + name +
                          "' in the tz database (/usr/share/zoneinfo); use a "
                          "name such as UTC or America/New_York");
  return local_time_zone{std::move(z)};
}

const std::string& local_time_zone::name() const noexcept {
  return zone_->name;
}

namespace {

caf::error malformed(std::string_view text, std::string why) {
  return make_error(ec::malformed_record,
                    "fromTime '" + std::string{text} + "' " + std::move(why));
}

/// The number of the digits text[from, from + n), or -1.
int digits(std::string_view text, size_t from, size_t n) {
  int value = 0;
  for (auto i = from; i < from + n; ++i) {
    auto c = text[i];
    if (c < '0' || c > '9')
      return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

/// The fields of `yyyy-MM-dd HH:mm:ss`, checked for range, or why not.
struct civil_fields {
  int year, month, day, hour, minute, second;
};

caf::expected<civil_fields> split(std::string_view text) {
  constexpr std::string_view shape = "yyyy-MM-dd HH:mm:ss";
  if (text.size() != shape.size() || text[4] != '-' || text[7] != '-' ||
      text[10] != ' ' || text[13] != ':' || text[16] != ':')
    return malformed(text, "is not yyyy-MM-dd HH:mm:ss");
  civil_fields f{digits(text, 0, 4),  digits(text, 5, 2),  digits(text, 8, 2),
                 digits(text, 11, 2), digits(text, 14, 2), digits(text, 17, 2)};
  if (f.year < 0 || f.month < 0 || f.day < 0 || f.hour < 0 || f.minute < 0 ||
      f.second < 0)
    return malformed(text, "is not yyyy-MM-dd HH:mm:ss");
  auto ymd = std::chrono::year{f.year} / std::chrono::month{unsigned(f.month)} /
             std::chrono::day{unsigned(f.day)};
  if (!ymd.ok() || f.hour > 23 || f.minute > 59 || f.second > 59)
    return malformed(text, "is not a valid date and time");
  return f;
}

int64_t seconds_of(const civil_fields& f) {
  using namespace std::chrono;
  auto days =
      sys_days{year{f.year} / month{unsigned(f.month)} / day{unsigned(f.day)}};
  return days.time_since_epoch().count() * 86400LL + f.hour * 3600LL +
         f.minute * 60LL + f.second;
}

} // namespace

caf::expected<zoned_time> local_time_zone::read(std::string_view text) const {
  auto fields = split(text);
  if (!fields)
    return fields.error();
  if (zone_->is_utc)
    return zoned_time{seconds_of(*fields) * 1000, fields->hour};
  cctz::civil_second local{fields->year, fields->month,  fields->day,
                           fields->hour, fields->minute, fields->second};
  auto found = zone_->tz.lookup(local);
  // pre: the offset in force before a transition. In a gap that moves the
  // time forward by the gap; in an overlap it is the earlier instant.
  auto instant = found.pre;
  auto hour =
      found.kind == cctz::time_zone::civil_lookup::UNIQUE
          ? fields->hour
          : static_cast<int32_t>(cctz::convert(instant, zone_->tz).hour());
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                instant.time_since_epoch())
                .count();
  return zoned_time{ms, hour};
}

} // namespace eddy::ipdr
