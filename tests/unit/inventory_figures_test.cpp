// The inventory's own figures from its tallies: transactions by outcome
// (bars) and the items with the most failed transactions in the latest
// closed window (a ranking).
#include "apps/inventory/inventory_figures.hpp"

#include <array>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

using namespace eddy;

namespace {

using points = std::vector<std::pair<std::string, double>>;

transaction_result result(bool success, bool is_repeat = false) {
  return {item_transaction{1, 2, "item_1", 5}, success, is_repeat};
}

/// The figure `id` of the inventory's figures now.
job_figure figure(const inventory_tallies& tallies, std::string_view id) {
  for (auto& f : inventory_figures(tallies))
    if (f.id == id)
      return f;
  FAIL("no figure ", id);
  return {};
}

} // namespace

TEST_CASE("transactions by outcome are bars of the succeeded, failed and "
          "repeated results counted on every thread") {
  inventory_tallies tallies;
  std::vector<std::thread> partitions;
  for (int p = 0; p < 4; ++p)
    partitions.emplace_back([&] {
      for (int i = 0; i < 1000; ++i)
        tallies.outcomes.count(result(true));
      for (int i = 0; i < 10; ++i)
        tallies.outcomes.count(result(false));
      tallies.outcomes.count(result(false, true));
    });
  for (auto& t : partitions)
    t.join();
  auto bars = figure(tallies, "transactions_by_outcome");
  CHECK(bars.kind == job_figure::kind::bars);
  CHECK(bars.points ==
        points{{"succeeded", 4000}, {"failed", 40}, {"repeated", 4}});
}

TEST_CASE("a thread counting for two jobs in turn counts each one's own") {
  outcome_counts first;
  outcome_counts second;
  first.count(result(true));
  second.count(result(false));
  first.count(result(true));
  CHECK(first.totals() == std::array<uint64_t, 3>{2, 0, 0});
  CHECK(second.totals() == std::array<uint64_t, 3>{0, 1, 0});
}

TEST_CASE("the items with the most failures in the latest window are ranked, "
          "the most first, at most ten") {
  inventory_tallies tallies;
  for (int i = 1; i <= 12; ++i)
    tallies.failures.record("item_" + std::to_string(i), 60000, i);
  auto ranking = figure(tallies, "failed_by_item");
  CHECK(ranking.kind == job_figure::kind::ranking);
  REQUIRE(ranking.points.size() == 10);
  CHECK(ranking.points.front() ==
        std::pair<std::string, double>{"item_12", 12});
  CHECK(ranking.points.back() == std::pair<std::string, double>{"item_3", 3});
}

TEST_CASE("items without failures are not ranked") {
  failure_ranking ranking;
  ranking.record("item_1", 60000, 0);
  ranking.record("item_2", 60000, 2);
  CHECK(ranking.top() ==
        std::vector<std::pair<std::string, int64_t>>{{"item_2", 2}});
}

TEST_CASE("a newer window starts the ranking again and an older one is "
          "ignored") {
  failure_ranking ranking;
  ranking.record("item_1", 60000, 5);
  ranking.record("item_2", 120000, 1);
  ranking.record("item_3", 60000, 9);
  CHECK(ranking.top() ==
        std::vector<std::pair<std::string, int64_t>>{{"item_2", 1}});
}

TEST_CASE("a window that fires again after a restart ranks each item once, "
          "with its count") {
  failure_ranking ranking;
  ranking.record("item_1", 60000, 5);
  ranking.record("item_2", 60000, 3);
  ranking.record("item_1", 60000, 2);
  CHECK(ranking.top() == std::vector<std::pair<std::string, int64_t>>{
                             {"item_2", 3}, {"item_1", 2}});
}
