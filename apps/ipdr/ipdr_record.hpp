// The IPDR rollup's records: what it reads of an IPDR (seed 000's input)
// and the usage of a (modem, hour) window it writes, in the seed's JSON.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace eddy::ipdr {

/// The fields of an IPDR the rollup uses; the other twenty are carried by
/// the input and ignored.
struct record {
  /// The rollup's key: `<cmMacAddr>|<hourUsage>`, e.g. "MACADDR39|19"
  /// (also the key of GET /v1/jobs/ipdr/state/{key}).
  std::string key;
  std::string cmts_host; // cmtsHostName
  std::string scn;       // dsScn
  int64_t octets = 0;    // dsOctets
  int64_t from_ms = 0;   // fromTime, in the job's zone
  int32_t hour = 0;      // hourUsage: fromTime's hour of day

  /// cmMacAddr, the key before its `|`.
  std::string_view mac() const noexcept {
    return std::string_view{key}.substr(0, key.rfind('|'));
  }

  friend bool operator==(const record&, const record&) = default;
};

/// The key of (mac, hour).
std::string key_of(std::string_view mac, int32_t hour);

/// The usage of a modem in an hour of day over one window, as the seed's
/// HourlyUsage.
struct usage {
  int32_t hour = 0;
  std::string cmts_host;
  std::string scn;
  std::string mac;
  int64_t octets = 0;
  /// The window, ms: [start, end).
  int64_t window_start = 0;
  int64_t window_end = 0;

  friend bool operator==(const usage&, const usage&) = default;
};

/// Appends the seed's output JSON, fields in its order:
/// {"hourUsage":14,"cmtshost":"turner.biz","scn":"data","mac":"MACADDR37076","usage":808697}
void format_json(const usage& x, std::string& out);

/// Appends a record that came too late for its window, as JSON with the
/// seed's field names: {"cmMacAddr":..,"hourUsage":..,"cmtsHostName":..,
/// "dsScn":..,"dsOctets":..,"fromTime":<ms>}.
void format_json(const record& x, std::string& out);

} // namespace eddy::ipdr
