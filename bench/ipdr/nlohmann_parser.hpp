// An IPDR read with nlohmann::json into the job's record, with the checks
// ipdr::parser makes: the parse figure's alternative to simdjson.
#pragma once

#include <string_view>

#include "caf/expected.hpp"

#include "apps/ipdr/ipdr_record.hpp"
#include "apps/ipdr/local_time.hpp"

namespace eddy::bench {

class nlohmann_parser {
public:
  explicit nlohmann_parser(ipdr::local_time_zone zone)
      : zone_(std::move(zone)) {}

  /// The record of one IPDR; fails with ec::malformed_record for invalid
  /// JSON (the whole document is checked), a non-object, or the fields
  /// ipdr::parser refuses.
  [[nodiscard]] caf::expected<ipdr::record>
  operator()(std::string_view json) const;

private:
  ipdr::local_time_zone zone_;
};

} // namespace eddy::bench
