// The inventory job's own figures in its report, from what it really
// applied: transactions by outcome, and the items with the most failed
// transactions in the latest closed summary window.
#include "apps/inventory/inventory_job.hpp"

#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "tests/support/job_tester.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {

using points = std::vector<std::pair<std::string, double>>;

/// The points of the figure `id` in the job's report once they are
/// `expected`, or as they are after 10 s: the figures are counted as the
/// outputs leave the partitions and the windows close.
points points_once(test::job_tester& tester, std::string_view id,
                   const points& expected) {
  points seen;
  for (auto deadline = std::chrono::steady_clock::now() + 10s;
       std::chrono::steady_clock::now() < deadline;
       std::this_thread::sleep_for(10ms)) {
    for (auto& figure : tester.job().status().figures)
      if (figure.id == id)
        seen = figure.points;
    if (seen == expected)
      break;
  }
  return seen;
}

/// Posts `tx` as the HTTP API does (it may be a repeat) and waits for its
/// result.
transaction_result post(test::job_tester& tester, item_transaction tx) {
  std::promise<caf::expected<transaction_result>> answer;
  tester.job().submit(std::move(tx),
                      [&](caf::expected<transaction_result> result) {
                        answer.set_value(std::move(result));
                      });
  auto result = answer.get_future().get();
  REQUIRE(result);
  return *result;
}

} // namespace

TEST_CASE("the inventory's report counts its transactions by outcome: "
          "succeeded, failed and repeated") {
  test::job_tester tester;
  tester.job().send({item_transaction{1, 1, "item_1", 10},
                     item_transaction{2, 2, "item_1", -50}});
  post(tester, item_transaction{3, 3, "item_2", 5});
  CHECK(post(tester, item_transaction{3, 3, "item_2", 5}).is_repeat);
  CHECK(points_once(tester, "transactions_by_outcome",
                    {{"succeeded", 2}, {"failed", 1}, {"repeated", 1}}) ==
        points{{"succeeded", 2}, {"failed", 1}, {"repeated", 1}});
}

TEST_CASE("the inventory's report ranks the items with the most failed "
          "transactions in the window that closed last") {
  test::job_tester tester{test::event_time_alerts};
  // Neither item has stock: every purchase fails.
  tester.job().send({item_transaction{1, 100, "item_9", -5},
                     item_transaction{2, 200, "item_8", -5},
                     item_transaction{3, 300, "item_9", -5},
                     item_transaction{4, 400, "item_9", -5}});
  // Later records move the watermark past the window's end.
  tester.job().send({item_transaction{5, 5000, "item_9", 1},
                     item_transaction{6, 5000, "item_8", 1}});
  CHECK(points_once(tester, "failed_by_item", {{"item_9", 3}, {"item_8", 1}}) ==
        points{{"item_9", 3}, {"item_8", 1}});
}
