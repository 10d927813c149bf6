// The inventory's logic as the engine runs it, for the engine's own tests:
// the stock process function as partition logic, and the summary windows as
// window logic, built the way the job layer builds them.
#pragma once

#include <cstdlib>
#include <optional>
#include <string_view>
#include <variant>

#include "apps/inventory/stock_process.hpp"
#include "runtime/aggregates.hpp"
#include "runtime/keyed_process.hpp"
#include "runtime/window_logic.hpp"

namespace eddy::test {

/// The column families the tests keep partitions and windows in.
inline constexpr const char* stock_family = "inventory";
inline constexpr const char* summary_family = "inventory_summaries";

inline std::string_view item_key(const inventory_input& in) {
  return std::visit([](auto& x) -> std::string_view { return x.item_id; }, in);
}

using item_key_fn = std::string_view (*)(const inventory_input&);
using stock_logic = process_logic<inventory_input, inventory_output,
                                  stock_process, item_key_fn>;

inline stock_logic make_stock_logic() {
  return stock_logic{stock_process{}, &item_key};
}

inline std::string_view result_key(const transaction_result& r) {
  return r.transaction.item_id;
}

inline int64_t result_time(const transaction_result& r) {
  return r.transaction.ts;
}

inline auto summary_counts() {
  return aggregate_of<transaction_result>(
      agg::sum("succeeded",
               [](const transaction_result& r) { return int64_t{r.success}; }),
      agg::sum("failed",
               [](const transaction_result& r) { return int64_t{!r.success}; }),
      agg::sum("volume", [](const transaction_result& r) {
        return std::abs(int64_t{r.transaction.quantity});
      }));
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
