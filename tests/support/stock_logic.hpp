// The inventory's logic as the engine runs it, for the engine's own tests:
// the stock process function as partition logic (apps/inventory), and the
// summary windows as window logic, built the way the job layer builds them.
#pragma once

#include <optional>
#include <string_view>

#include "apps/inventory/stock_process.hpp"
#include "apps/inventory/summary_counts.hpp"
#include "runtime/window_logic.hpp"

namespace eddy::test {

/// The column families the tests keep partitions and windows in.
inline constexpr const char* stock_family = "inventory";
inline constexpr const char* summary_family = "inventory_summaries";

using eddy::make_stock_logic;
using eddy::stock_logic;

inline std::string_view result_key(const transaction_result& r) {
  return r.transaction.item_id;
}

inline int64_t result_time(const transaction_result& r) {
  return r.transaction.ts;
}

/// Every closed window becomes a summary (no alert threshold).
struct every_summary {
  std::optional<transaction_summary>
  operator()(std::string_view item, window_bounds w, int64_t succeeded,
             int64_t failed, int64_t volume) const {
    return transaction_summary{std::string{item}, w.start, w.end,
                               succeeded,         failed,  volume};
  }
};

using result_key_fn = std::string_view (*)(const transaction_result&);
using result_time_fn = int64_t (*)(const transaction_result&);
using summary_logic =
    aggregate_window_logic<transaction_result, result_key_fn, result_time_fn,
                           decltype(summary_counts()), every_summary>;

inline summary_logic make_summary_logic() {
  return summary_logic{&result_key, &result_time, summary_counts(),
                       every_summary{}};
}

} // namespace eddy::test
