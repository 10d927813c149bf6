// Renders an ipdr_report as eddy-check's one line.
#include "apps/eddy-check/ipdr_report.hpp"

namespace eddy::check {

namespace {

// "2 missing keys", "1 different usage": how a kind is counted.
std::string describe_count(ipdr_difference kind, uint64_t count) {
  switch (kind) {
  case ipdr_difference::missing_key:
    return counted(count, "missing key", "missing keys");
  case ipdr_difference::extra_key:
    return counted(count, "extra key", "extra keys");
  case ipdr_difference::wrong_usage:
    return counted(count, "different usage", "different usages");
  case ipdr_difference::wrong_field:
    return counted(count, "wrong field", "wrong fields");
  case ipdr_difference::malformed_output:
    return counted(count, "malformed output record",
                   "malformed output records");
  }
  return "unknown difference";
}

} // namespace

std::string ipdr_report::summary() const {
  if (is_exact())
    // Always plural, so that scripts can read the line with one pattern.
    return "exact: " + std::to_string(totals.keys) + " keys, " +
           std::to_string(totals.records) + " records, total usage " +
           std::to_string(totals.usage) + ", " +
           std::to_string(totals.skipped) + " skipped";
  return differs_line(tallies_.describe(describe_count));
}

} // namespace eddy::check
