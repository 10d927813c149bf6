// The seed's TransactionSummaryAggregator as an aggregate: per item and
// window, the transactions that succeeded, those that failed, and their
// volume (the sum of |quantity|).
#pragma once

#include <cstdint>
#include <cstdlib>

#include "messages/inventory_records.hpp"
#include "runtime/aggregates.hpp"

namespace eddy {

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

} // namespace eddy
