// The IPDR records as eddy-check reads them, with nlohmann::json and on
// purpose apart from the job's own parser, so that a bug in either shows as
// a difference: the fields of an input record the rollup uses, and an
// output record.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "caf/expected.hpp"

namespace eddy::check {

/// What the rollup takes from an input record.
struct ipdr_input {
  std::string mac;  // cmMacAddr
  std::string host; // cmtsHostName; empty when the record has none
  std::string scn;  // dsScn
  int64_t octets = 0;
  /// fromTime's fields counted as if they were UTC, in seconds since the
  /// epoch (the zone that places them is the checker's).
  int64_t from_wall_seconds = 0;
};

/// One record of the job's output, `{"hourUsage":14,"cmtshost":"...",
/// "scn":"data","mac":"...","usage":808697}`.
struct ipdr_output {
  std::string mac;
  int hour = 0;
  std::string host;
  std::string scn;
  int64_t usage = 0;
};

/// Reads one input line as the job must before it dead-letters it. Fails
/// with ec::malformed_record saying why: not a JSON object; cmMacAddr,
/// dsScn or fromTime missing or not a string; dsOctets missing or not an
/// integer (that fits 64 bits); fromTime not `yyyy-MM-dd HH:mm:ss`.
[[nodiscard]] caf::expected<ipdr_input> read_ipdr_input(std::string_view line);

/// Reads one output line. Fails with ec::malformed_record saying why: not a
/// JSON object of exactly the five fields, hourUsage not an integer in
/// 0..23, usage not an integer, mac, cmtshost or scn not a string.
[[nodiscard]] caf::expected<ipdr_output>
read_ipdr_output(std::string_view line);

/// `yyyy-MM-dd HH:mm:ss` (a real date, hours 00-23, minutes and seconds
/// 00-59) as seconds since the epoch, its fields counted as if UTC. Fails
/// with ec::malformed_record quoting the text.
[[nodiscard]] caf::expected<int64_t> parse_wall_time(std::string_view text);

} // namespace eddy::check
