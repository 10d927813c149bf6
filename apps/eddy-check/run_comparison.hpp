// Compares what a run wrote (its transaction results, its final stock) with
// the expected run, noting every difference in a report.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "apps/eddy-check/difference_report.hpp"
#include "apps/eddy-check/expected_run.hpp"
#include "messages/inventory_records.hpp"

namespace eddy::check {

/// The stock a run ended with, by item id.
using stock_map = std::unordered_map<std::string, int64_t>;

class run_comparison {
public:
  /// Compares against `expected` (sealed; it must outlive this). With
  /// `is_exactly_once` a second result for a transaction is a difference;
  /// without, it is counted and must equal the expected result like the
  /// first.
  run_comparison(const expected_run& expected, bool is_exactly_once);

  /// Takes the next result in the order the run wrote it (per item). Notes
  /// a result for a transaction the input does not hold, one whose fields
  /// or success differ from the expected ones, a duplicate under
  /// exactly-once, and a first result of an item that comes after the first
  /// result of a later transaction of the same item.
  void add_result(const transaction_result& result);

  /// Ends the results: notes every input transaction without a result, the
  /// first in input order as the example.
  void finish_results();

  /// Notes every item of the input that `actual` lacks or holds with
  /// another stock than expected. Items only `actual` knows are ignored.
  void compare_stock(const stock_map& actual);

  /// What was found so far, with the totals of the run.
  const difference_report& report() const { return report_; }

private:
  const expected_run& expected_;
  bool is_exactly_once_;
  // Results seen per input transaction, saturating at 255.
  std::vector<uint8_t> copies_;
  // Per item, the latest log position among its first results, or none.
  std::vector<log_position> latest_first_;
  difference_report report_;
};

} // namespace eddy::check
