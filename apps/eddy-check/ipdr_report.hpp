// What the IPDR check found: per kind of difference how often it occurred
// and its first ten examples, the totals, and the one line eddy-check
// prints.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "apps/eddy-check/difference_report.hpp"

namespace eddy::check {

/// The kinds of difference between the job's output and the recomputed
/// usage, in the order the summary lists them.
enum class ipdr_difference : uint8_t {
  /// A (mac, hour) of the input has no output record.
  missing_key,
  /// An output record's (mac, hour) has no input record.
  extra_key,
  /// A key's output usages do not sum to its input's dsOctets (a
  /// duplicated output record shows here, as a sum too large).
  wrong_usage,
  /// An output record of another service class, or whose cmtshost none of
  /// its key's input records has.
  wrong_field,
  /// An output line that is not an output record.
  malformed_output,
};

inline constexpr size_t ipdr_difference_kinds = 5;

/// How many examples of each kind the line shows.
inline constexpr size_t ipdr_examples = 10;

/// The totals the `exact:` line names.
struct ipdr_totals {
  uint64_t keys = 0;    // distinct (mac, hour) of the input
  uint64_t records = 0; // input records of the service class checked
  int64_t usage = 0;    // their dsOctets, summed
  uint64_t skipped = 0; // input records the job dead-letters
  uint64_t output_records = 0;
};

class ipdr_report {
public:
  /// Counts one difference of `kind`; keeps `make_example()` (called only
  /// for the first ipdr_examples) as an example, e.g. "MACADDR3 hour 14:
  /// expected 500, got none".
  template <class MakeExample>
  void note(ipdr_difference kind, MakeExample&& make_example) {
    tallies_[kind].note(std::forward<MakeExample>(make_example));
  }

  uint64_t count(ipdr_difference kind) const { return tallies_[kind].count(); }

  const std::vector<std::string>& examples(ipdr_difference kind) const {
    return tallies_[kind].examples();
  }

  /// Whether no difference was noted.
  bool is_exact() const { return tallies_.is_exact(); }

  ipdr_totals totals;

  /// The line eddy-check prints: `exact: N keys, M records, total usage U,
  /// S skipped`, or `differs: ` and every kind noted as `COUNT WHAT
  /// (EXAMPLE; ...)`, comma-separated, e.g. `differs: 1 missing key
  /// (MACADDR3 hour 14: expected 500, got none)`.
  std::string summary() const;

private:
  difference_tallies<ipdr_difference, ipdr_difference_kinds> tallies_{
      ipdr_examples};
};

} // namespace eddy::check
