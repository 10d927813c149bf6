// Makes the inventory's figures from its tallies.
#include "apps/inventory/inventory_figures.hpp"

#include <string>
#include <utility>

namespace eddy {

namespace {

job_figure outcome_figure(const outcome_counts& outcomes) {
  auto totals = outcomes.totals();
  auto at = [&](outcome_counts::outcome o) {
    return static_cast<double>(totals[static_cast<size_t>(o)]);
  };
  using enum outcome_counts::outcome;
  return {.id = "transactions_by_outcome",
          .title = "Transactions by outcome",
          .unit = "transactions",
          .kind = job_figure::kind::bars,
          .points = {{"succeeded", at(succeeded)},
                     {"failed", at(failed)},
                     {"repeated", at(repeated)}}};
}

job_figure failure_figure(const failure_ranking& failures) {
  job_figure figure{.id = "failed_by_item",
                    .title = "Most failed items, last window",
                    .unit = "failed transactions",
                    .kind = job_figure::kind::ranking,
                    .points = {}};
  for (auto& [item, failed] : failures.top())
    figure.points.emplace_back(std::move(item), static_cast<double>(failed));
  return figure;
}

} // namespace

std::vector<job_figure> inventory_figures(const inventory_tallies& tallies) {
  return {outcome_figure(tallies.outcomes), failure_figure(tallies.failures)};
}

} // namespace eddy
