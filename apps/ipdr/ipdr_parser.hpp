// Reads an IPDR, one JSON object as the seed's sample, with simdjson (the
// job's hot path: it measured faster than nlohmann, see bench/RESULTS.md).
#pragma once

#include <string_view>

#include "caf/expected.hpp"

#include "apps/ipdr/ipdr_record.hpp"
#include "apps/ipdr/local_time.hpp"

namespace eddy::ipdr {

/// Reads IPDRs with `fromTime` in one zone. Copyable and safe to call from
/// several threads (each uses a parser of its own).
class parser {
public:
  explicit parser(local_time_zone zone) : zone_(std::move(zone)) {}

  /// The record of one IPDR. Fails with ec::malformed_record saying why:
  /// invalid JSON, not an object, a missing or wrongly typed `cmMacAddr`,
  /// `dsScn`, `dsOctets` (an integer) or `fromTime`, an
  /// unreadable `fromTime`, or a `cmtsHostName` that is not a string (a
  /// missing one is empty). Other fields are ignored.
  [[nodiscard]] caf::expected<record> operator()(std::string_view json) const;

private:
  local_time_zone zone_;
};

} // namespace eddy::ipdr
