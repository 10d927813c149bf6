// What a check found: per kind of difference how often it occurred and its
// first example, and the one line eddy-check prints about it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace eddy::check {

/// How often one kind of difference occurred, with its first examples.
class difference_tally {
public:
  /// Keeps the first `max_examples` examples.
  explicit difference_tally(size_t max_examples = 1)
      : max_examples_(max_examples) {}

  /// Counts one difference; keeps `make_example()` (called only while
  /// examples are wanted) as an example.
  template <class MakeExample>
  void note(MakeExample&& make_example) {
    if (count_++ < max_examples_)
      examples_.push_back(make_example());
  }

  uint64_t count() const noexcept { return count_; }

  const std::vector<std::string>& examples() const noexcept {
    return examples_;
  }

  /// `counted` and the examples in parentheses, `; `-separated, e.g. "2
  /// missing keys (MACADDR1 hour 3: ...; MACADDR7 hour 4: ...)".
  std::string describe(const std::string& counted) const;

private:
  size_t max_examples_;
  uint64_t count_ = 0;
  std::vector<std::string> examples_;
};

/// A difference_tally per kind of difference (an enum of `kinds` values
/// from 0).
template <class Kind, size_t Kinds>
class difference_tallies {
public:
  explicit difference_tallies(size_t max_examples) {
    tallies_.fill(difference_tally{max_examples});
  }

  const difference_tally& operator[](Kind kind) const {
    return tallies_[static_cast<size_t>(kind)];
  }

  difference_tally& operator[](Kind kind) {
    return tallies_[static_cast<size_t>(kind)];
  }

  /// Whether no difference was noted.
  bool is_exact() const {
    for (auto& tally : tallies_)
      if (tally.count() > 0)
        return false;
    return true;
  }

  /// Every kind noted, in order, as `describe_count(kind, count)` and its
  /// examples (see difference_tally::describe).
  template <class DescribeCount>
  std::vector<std::string> describe(DescribeCount&& describe_count) const {
    std::vector<std::string> parts;
    for (size_t i = 0; i < Kinds; ++i)
      if (tallies_[i].count() > 0)
        parts.push_back(tallies_[i].describe(
            describe_count(static_cast<Kind>(i), tallies_[i].count())));
    return parts;
  }

private:
  std::array<difference_tally, Kinds> tallies_;
};

/// "1 item", "2 items": `count` and the noun that fits it.
std::string counted(uint64_t count, const char* singular, const char* plural);

/// "differs: " and `parts`, comma-separated: the line eddy-check prints when
/// it found differences.
std::string differs_line(const std::vector<std::string>& parts);

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
    tallies_[kind].note(std::forward<MakeExample>(make_example));
  }

  uint64_t count(difference kind) const { return tallies_[kind].count(); }

  /// The first example of `kind`; empty if none was noted.
  const std::string& example(difference kind) const;

  /// Whether no difference was noted.
  bool is_exact() const { return tallies_.is_exact(); }

  run_totals totals;

  /// The line eddy-check prints: `exact: N transactions, M items, D
  /// duplicates`, or `differs: ` and every kind noted as `COUNT WHAT
  /// (EXAMPLE)`, comma-separated, e.g. `differs: 3 missing (first:
  /// transaction 17, item_4), stock of 2 items (item_4: expected 12, got
  /// 15)`.
  std::string summary() const;

private:
  difference_tallies<difference, difference_kinds> tallies_{1};
};

} // namespace eddy::check
