// Renders a difference_report as eddy-check's one line.
#include "apps/eddy-check/difference_report.hpp"

namespace eddy::check {

namespace {

std::string counted(uint64_t count, const char* singular, const char* plural) {
  return std::to_string(count) + " " + (count == 1 ? singular : plural);
}

// "3 missing", "1 wrong result", "stock of 2 items": how a kind is counted.
std::string describe_count(difference kind, uint64_t count) {
  switch (kind) {
  case difference::missing:
    return counted(count, "missing", "missing");
  case difference::unknown:
    return counted(count, "result for an unknown transaction",
                   "results for unknown transactions");
  case difference::wrong_result:
    return counted(count, "wrong result", "wrong results");
  case difference::duplicate:
    return counted(count, "duplicate", "duplicates");
  case difference::out_of_order:
    return counted(count, "out of order", "out of order");
  case difference::missing_stock:
    return "no stock for " + counted(count, "item", "items");
  case difference::wrong_stock:
    return "stock of " + counted(count, "item", "items");
  }
  return "unknown difference";
}

} // namespace

bool difference_report::is_exact() const {
  for (auto& tally : tallies_)
    if (tally.count > 0)
      return false;
  return true;
}

std::string difference_report::summary() const {
  if (is_exact())
    // Always plural, so that scripts can read the line with one pattern.
    return "exact: " + std::to_string(totals.transactions) + " transactions, " +
           std::to_string(totals.items) + " items, " +
           std::to_string(totals.duplicates) + " duplicates";
  std::string line = "differs: ";
  bool is_first = true;
  for (size_t i = 0; i < difference_kinds; ++i) {
    auto& tally = tallies_[i];
    if (tally.count == 0)
      continue;
    if (!is_first)
      line += ", ";
    is_first = false;
    line += describe_count(static_cast<difference>(i), tally.count);
    line += " (";
    line += tally.example;
    line += ')';
  }
  return line;
}

} // namespace eddy::check
