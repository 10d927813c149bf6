// Renders a difference_report as eddy-check's one line.
#include "apps/eddy-check/difference_report.hpp"

namespace eddy::check {

namespace {

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

std::string difference_tally::describe(const std::string& counted) const {
  std::string text = counted + " (";
  for (size_t i = 0; i < examples_.size(); ++i)
    text += (i > 0 ? "; " : "") + examples_[i];
  return text + ')';
}

std::string counted(uint64_t count, const char* singular, const char* plural) {
  return std::to_string(count) + " " + (count == 1 ? singular : plural);
}

std::string differs_line(const std::vector<std::string>& parts) {
  std::string line = "differs: ";
  for (size_t i = 0; i < parts.size(); ++i)
    line += (i > 0 ? ", " : "") + parts[i];
  return line;
}

const std::string& difference_report::example(difference kind) const {
  static const std::string none;
  auto& examples = tallies_[kind].examples();
  return examples.empty() ? none : examples.front();
}

std::string difference_report::summary() const {
  if (is_exact())
    // Always plural, so that scripts can read the line with one pattern.
    return "exact: " + std::to_string(totals.transactions) + " transactions, " +
           std::to_string(totals.items) + " items, " +
           std::to_string(totals.duplicates) + " duplicates";
  return differs_line(tallies_.describe(describe_count));
}

} // namespace eddy::check
