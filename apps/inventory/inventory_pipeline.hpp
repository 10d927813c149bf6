// The inventory job (seed 002) as a pipeline: its sources, the stock per
// item, and one-minute summaries that raise alerts.
#pragma once

#include <memory>

#include "caf/expected.hpp"

#include "apps/inventory/inventory_figures.hpp"
#include "apps/inventory/inventory_options.hpp"
#include "runtime/job_plan.hpp"

namespace eddy {

/// The inventory's outputs, by the names sinks are bound to.
inline constexpr const char* transaction_results_output = "transaction results";
inline constexpr const char* query_results_output = "query results";
inline constexpr const char* alerts_output = "alerts";

/// The sources of the inventory that `opts` enables, then `http` (posted
/// transactions) and `manual` (tests' "transactions" and "queries"), keyed
/// by item into the stock ("partitions"), whose transaction results also
/// feed per-item summary windows ("windows") that raise alerts. The
/// results and the closing windows fill `tallies` (not null), which the
/// job's figures show.
[[nodiscard]] caf::expected<job_plan>
inventory_plan(const inventory_options& opts,
               std::shared_ptr<inventory_tallies> tallies);

} // namespace eddy
