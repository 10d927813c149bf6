// What a check found: per kind of difference how often it occurred and its
// first example, and the one line eddy-check prints about it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace eddy::check {

/// The kinds of difference between a run and its recomputation, in the
/// order the summary lists them.
enum class difference : uint8_t {
  /// An input transaction has no result.
  missing,
  /// A result names a transaction the input does not hold.
  unknown,
  /// A result's transaction fields or success differ from the expected ones.
  wrong_result,
  /// A transaction has more than one result (under exactly-once only).
  duplicate,
  /// An item's first results are not in the input's order.
  out_of_order,
  /// An item of the input has no stock.
  missing_stock,
  /// An item's stock differs from the expected one.
  wrong_stock,
};

inline constexpr size_t difference_kinds = 7;

/// The totals the `exact:` line names.
struct run_totals {
  uint64_t transactions = 0;
  uint64_t items = 0;
  uint64_t duplicates = 0; // results beyond the first of a transaction
};

class difference_report {
public:
  /// Counts one difference of `kind`; keeps `make_example()` (called only
  /// for the first one) as its example, e.g. "first: transaction 17, item_4"
  /// or "transaction 9: expected true, got false".
  template <class MakeExample>
  void note(difference kind, MakeExample&& make_example) {
    auto& tally = tallies_[static_cast<size_t>(kind)];
    if (tally.count++ == 0)
      tally.example = make_example();
  }

  uint64_t count(difference kind) const {
    return tallies_[static_cast<size_t>(kind)].count;
  }

  const std::string& example(difference kind) const {
    return tallies_[static_cast<size_t>(kind)].example;
  }

  /// Whether no difference was noted.
  bool is_exact() const;

  run_totals totals;

  /// The line eddy-check prints: `exact: N transactions, M items, D
  /// duplicates`, or `differs: ` and every kind noted as `COUNT WHAT
  /// (EXAMPLE)`, comma-separated, e.g. `differs: 3 missing (first:
  /// transaction 17, item_4), stock of 2 items (item_4: expected 12, got
  /// 15)`.
  std::string summary() const;

private:
  struct tally {
    uint64_t count = 0;
    std::string example;
  };
  std::array<tally, difference_kinds> tallies_;
};

} // namespace eddy::check
