// An IPDR read with simdjson's On-Demand API into the job's record, with the
// checks ipdr::parser makes: the parse figure's alternative to the DOM.
#pragma once

#include <string_view>

#include "caf/expected.hpp"

#include "apps/ipdr/ipdr_record.hpp"
#include "apps/ipdr/local_time.hpp"

namespace eddy::bench {

class ondemand_parser {
public:
  /// What is checked besides the five fields the job reads.
  enum class coverage {
    /// Nothing: On-Demand skips the other fields' values unread, checking
    /// little more than that brackets and quotes pair up.
    fields_read,
    /// Every value is read (numbers, strings, literals, nested ones) and
    /// nothing may follow the object, so that a malformed part anywhere
    /// fails, as with the DOM.
    every_value,
  };

  ondemand_parser(ipdr::local_time_zone zone, coverage checks)
      : zone_(std::move(zone)), checks_(checks) {}

  /// The record of one IPDR (copied into a padded buffer, as ipdr::parser
  /// does); fails with ec::malformed_record as that does, for what
  /// `coverage` checks.
  [[nodiscard]] caf::expected<ipdr::record>
  operator()(std::string_view json) const;

private:
  ipdr::local_time_zone zone_;
  coverage checks_;
};

} // namespace eddy::bench
