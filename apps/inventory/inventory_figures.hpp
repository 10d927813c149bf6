// The inventory's own figures on its dashboard panel: transactions by
// outcome (bars) and the items with the most failed transactions in the
// latest closed summary window (a ranking). Its pipeline fills the
// tallies, its job reports them.
#pragma once

#include <vector>

#include "apps/inventory/failure_ranking.hpp"
#include "apps/inventory/outcome_counts.hpp"
#include "messages/job_status.hpp"

namespace eddy {

/// What the figures are made of; every member is thread-safe.
struct inventory_tallies {
  /// Counted as the partitions apply transactions; a partition that
  /// replays after a crash counts its replay again, as its
  /// recordsProcessed does.
  outcome_counts outcomes;
  /// Recorded as the summary windows close.
  failure_ranking failures;
};

/// "transactions_by_outcome" (bars: succeeded, failed, repeated) and
/// "failed_by_item" (ranking: item ids, the most failures first).
std::vector<job_figure> inventory_figures(const inventory_tallies& tallies);

} // namespace eddy
