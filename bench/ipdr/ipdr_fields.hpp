// What the parse figure's parsers read of an IPDR, and the record they make
// of it: the checks ipdr::parser makes after its field lookups, in one
// place, so every parser validates alike and makes the same record.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "caf/error.hpp"
#include "caf/expected.hpp"

#include "apps/ipdr/ipdr_record.hpp"
#include "apps/ipdr/local_time.hpp"

namespace eddy::bench {

/// The five fields the job uses, as a parser found them (views into its
/// buffers); empty if missing.
struct ipdr_fields {
  std::optional<std::string_view> mac;  // cmMacAddr
  std::optional<std::string_view> scn;  // dsScn
  std::optional<int64_t> octets;        // dsOctets
  std::optional<std::string_view> from; // fromTime
  std::optional<std::string_view> host; // cmtsHostName, may be missing
};

/// ec::malformed_record with `why`.
caf::error malformed(std::string why);

/// "field 'dsOctets': expected an integer".
caf::error wrong_type(std::string_view field, std::string_view expected);

/// The record of `fields`, fromTime read in `zone`; fails as ipdr::parser
/// does for a missing field, negative octets or an unreadable fromTime.
caf::expected<ipdr::record> record_of(const ipdr_fields& fields,
                                      const ipdr::local_time_zone& zone);

} // namespace eddy::bench
