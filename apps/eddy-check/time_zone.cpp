// Reads a TZif file (RFC 8536): the transition times and the UTC offsets
// they switch to, from the 64-bit block of a version 2+ file (the 32-bit
// block of a version 1 file).
#include "apps/eddy-check/time_zone.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "messages/error.hpp"

namespace eddy::check {

namespace {

constexpr std::string_view default_zone_dir = "/usr/share/zoneinfo";

// A zone file is a few kilobytes; anything far larger is not one.
constexpr size_t max_zone_file_size = size_t{1} << 20;

constexpr int64_t seconds_per_day = 86400;

// Transition times beyond this are no dates (zic writes -2^59 for "since
// the beginning"); the bound leaves room to add any offset without
// overflow.
constexpr int64_t max_transition = int64_t{1} << 60;

struct file_closer {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

// Big-endian fields of a TZif file, never reading past its end.
class byte_reader {
public:
  explicit byte_reader(std::string_view bytes) : bytes_(bytes) {}

  bool has(size_t count) const { return bytes_.size() - at_ >= count; }

  // The next `count` bytes; only after has(count).
  std::string_view take(size_t count) {
    auto taken = bytes_.substr(at_, count);
    at_ += count;
    return taken;
  }

  // The next `size` (4 or 8) bytes as a signed number; only after has(size).
  int64_t signed_number(size_t size) {
    uint64_t value = 0;
    for (auto byte : take(size))
      value = (value << 8) | static_cast<unsigned char>(byte);
    if (size == 4)
      return static_cast<int32_t>(static_cast<uint32_t>(value));
    return static_cast<int64_t>(value);
  }

  std::string_view rest() const { return bytes_.substr(at_); }

private:
  std::string_view bytes_;
  size_t at_ = 0;
};

struct tzif_header {
  char version = 0;
  uint64_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0,
           charcnt = 0;

  // The size of the data block that follows, with times of `time_size`.
  uint64_t data_size(uint64_t time_size) const {
    return timecnt * time_size + timecnt + typecnt * 6 + charcnt +
           leapcnt * (time_size + 4) + isstdcnt + isutcnt;
  }
};

bool read_header(byte_reader& in, tzif_header& header) {
  if (!in.has(44) || in.take(4) != "TZif")
    return false;
  header.version = in.take(1).front();
  in.take(15);
  for (auto* count : {&header.isutcnt, &header.isstdcnt, &header.leapcnt,
                      &header.timecnt, &header.typecnt, &header.charcnt})
    *count = static_cast<uint32_t>(in.signed_number(4));
  return header.typecnt > 0;
}

bool is_zone_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find("..") != name.npos)
    return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '/' ||
           c == '_' || c == '-' || c == '+' || c == '.';
  });
}

caf::error unknown_zone(std::string_view name, const std::string& why) {
  return make_error(ec::invalid_config,
                    "unknown time zone '" + std::string{name} + "': " + why);
}

caf::expected<std::string> read_zone_file(std::string_view name,
                                          const std::string& path) {
  std::unique_ptr<std::FILE, file_closer> file{std::fopen(path.c_str(), "rb")};
  std::string bytes;
  if (file) {
    bytes.resize(max_zone_file_size);
    bytes.resize(std::fread(bytes.data(), 1, bytes.size(), file.get()));
  }
  if (!file || std::ferror(file.get()))
    return unknown_zone(name,
                        "cannot read '" + path + "': " + std::strerror(errno));
  return bytes;
}

int64_t floor_mod(int64_t x, int64_t y) {
  auto r = x % y;
  return r < 0 ? r + y : r;
}

// The transitions and offsets of a data block; an empty text when they
// hold together, else what is wrong.
std::string read_transitions(byte_reader& in, const tzif_header& header,
                             uint64_t time_size,
                             std::vector<int64_t>& transitions,
                             std::vector<int32_t>& offsets_after,
                             int32_t& first_offset) {
  for (uint64_t i = 0; i < header.timecnt; ++i) {
    transitions.push_back(in.signed_number(time_size));
    if (i > 0 && transitions[i] <= transitions[i - 1])
      return "has transition times out of order";
    if (transitions[i] < -max_transition || transitions[i] > max_transition)
      return "has a transition time out of range";
  }
  auto type_indices = in.take(header.timecnt);
  std::vector<int32_t> type_offsets;
  for (uint64_t i = 0; i < header.typecnt; ++i) {
    type_offsets.push_back(static_cast<int32_t>(in.signed_number(4)));
    in.take(2); // whether it is DST, and its abbreviation
  }
  for (auto index : type_indices) {
    auto type = static_cast<unsigned char>(index);
    if (type >= type_offsets.size())
      return "names a type of time it lacks";
    offsets_after.push_back(type_offsets[type]);
  }
  first_offset = type_offsets.front();
  return {};
}

} // namespace

caf::expected<time_zone> time_zone::load(std::string_view name) {
  if (name == "UTC") {
    time_zone zone;
    zone.name_ = "UTC";
    return zone;
  }
  if (!is_zone_name(name))
    return unknown_zone(name, "not a zone name such as America/New_York");
  const char* dir = std::getenv("TZDIR");
  auto path = std::string{dir != nullptr && *dir != '\0' ? std::string_view{dir}
                                                         : default_zone_dir} +
              "/" + std::string{name};
  auto bytes = read_zone_file(name, path);
  if (!bytes)
    return bytes.error();
  return from_tzif(name, *bytes);
}

caf::expected<time_zone> time_zone::from_tzif(std::string_view name,
                                              std::string_view bytes) {
  auto failure = [name](const std::string& why) {
    return unknown_zone(name, "its file " + why);
  };
  time_zone zone;
  zone.name_ = std::string{name};
  byte_reader in{bytes};
  tzif_header header;
  if (!read_header(in, header))
    return failure("is not TZif");
  uint64_t time_size = 4;
  if (header.version >= '2') {
    // Skip the 32-bit block: the 64-bit one after it covers all times.
    if (!in.has(header.data_size(4)))
      return failure("is cut short");
    in.take(header.data_size(4));
    if (!read_header(in, header))
      return failure("is not TZif");
    time_size = 8;
  }
  if (!in.has(header.data_size(time_size)))
    return failure("is cut short");
  auto wrong = read_transitions(in, header, time_size, zone.transitions_,
                                zone.offsets_after_, zone.first_offset_);
  if (!wrong.empty())
    return failure(wrong);
  // Abbreviations, leap seconds and the standard/UT indicators: not needed.
  in.take(header.charcnt + header.leapcnt * (time_size + 4) + header.isstdcnt +
          header.isutcnt);
  // The footer's POSIX TZ string has a ',' where it gives DST rules.
  zone.has_rule_after_last_ =
      time_size == 8 && in.rest().find(',') != std::string_view::npos;
  return zone;
}

caf::expected<int> time_zone::hour_of_wall_time(int64_t wall_seconds) const {
  // The last transition whose wall-clock time (in the offset it switches
  // to) is not after `wall_seconds`: java.util's ZoneInfo picks the offset
  // so, which moves a skipped time forward by the gap.
  size_t low = 0;
  size_t high = transitions_.size();
  while (low < high) {
    auto middle = low + (high - low) / 2;
    if (transitions_[middle] + offsets_after_[middle] <= wall_seconds)
      low = middle + 1;
    else
      high = middle;
  }
  auto offset = low == 0 ? first_offset_ : offsets_after_[low - 1];
  auto utc = wall_seconds - offset;
  if (has_rule_after_last_ &&
      (transitions_.empty() || utc > transitions_.back()))
    return make_error(
        ec::invalid_config,
        "time zone '" + name_ + "' lists its clock changes only up to " +
            (transitions_.empty() ? std::string{"none"}
                                  : std::to_string(transitions_.back()) +
                                        " (seconds since the epoch)"));
  auto local = utc + offset_at(utc);
  return static_cast<int>(floor_mod(local, seconds_per_day) / 3600);
}

int32_t time_zone::offset_at(int64_t utc_seconds) const {
  auto after =
      std::upper_bound(transitions_.begin(), transitions_.end(), utc_seconds);
  if (after == transitions_.begin())
    return first_offset_;
  return offsets_after_[static_cast<size_t>(after - transitions_.begin()) - 1];
}

} // namespace eddy::check
