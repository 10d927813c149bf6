// The inventory job end to end in one process, driven through the seed's
// ManualSource / CollectingSink pattern (tests/support/job_tester).
#include "apps/inventory/inventory_job.hpp"

#include <chrono>
#include <limits>
#include <map>
#include <thread>

#include <doctest/doctest.h>

#include "actors/key_group.hpp"
#include "actors/state_layout.hpp"
#include "actors/state_store.hpp"
#include "actors/wall_clock.hpp"
#include "messages/error.hpp"
#include "tests/support/inventory_reference.hpp"
#include "tests/support/job_tester.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {

std::map<std::string, int64_t>
reference_stocks(const std::vector<item_transaction>& txs) {
  return test::reference_run{txs}.stock;
}

std::vector<item_transaction> generated(int64_t count, int64_t num_items) {
  return test::generated_transactions(count, num_items, 7);
}

/// Sends item_9 three failing purchases and a restock in [0, 1000), then a
/// record that closes the window, with transaction ids from `first_id`;
/// checks the alert.
void check_failure_alert(test::job_tester& tester, int64_t first_id) {
  // item_9 has no stock: three purchases fail, one restock succeeds.
  tester.job().send({item_transaction{first_id, 100, "item_9", -5},
                     item_transaction{first_id + 1, 200, "item_9", -5},
                     item_transaction{first_id + 2, 300, "item_9", -5},
                     item_transaction{first_id + 3, 400, "item_9", 50}});
  // A later record moves the watermark past the window's end.
  tester.job().send({item_transaction{first_id + 4, 5000, "item_9", 1}});
  auto alert = tester.alerts->poll();
  REQUIRE(alert);
  CHECK(*alert == transaction_summary{"item_9", 0, 1000, 1, 3, 65});
}

} // namespace

TEST_CASE("a transaction is applied and a later query reads its stock") {
  // The seed's TransactionProcessorTest.
  test::job_tester tester;
  item_transaction it1{1, 2, "item_1", 100};
  tester.job().send({it1});
  auto result = tester.transaction_results->poll();
  REQUIRE(result);
  CHECK(*result == transaction_result{it1, true});
  tester.job().send({query{0, "item_1"}});
  auto answer = tester.query_results->poll();
  REQUIRE(answer);
  CHECK(*answer == query_result{0, {"item_1", 100}});
  tester.stop();
  CHECK(tester.transaction_results->empty());
  CHECK(tester.query_results->empty());
}

TEST_CASE("a purchase that would make stock negative is rejected") {
  test::job_tester tester;
  tester.job().send({item_transaction{1, 2, "item_1", 10},
                     item_transaction{2, 3, "item_1", -11},
                     item_transaction{3, 4, "item_1", -10}});
  auto results = tester.transaction_results->poll_many(3);
  REQUIRE(results.size() == 3);
  CHECK(results[0].success);
  CHECK_FALSE(results[1].success);
  CHECK(results[2].success);
  auto stock = tester.read_stock("item_1");
  REQUIRE(stock);
  CHECK(stock->quantity == 0);
}

TEST_CASE("reading an item the job never saw fails with unknown_key") {
  test::job_tester tester;
  auto stock = tester.read_stock("item_never");
  REQUIRE_FALSE(stock);
  CHECK(stock.error() == ec::unknown_key);
}

TEST_CASE("a partition crashed mid-stream is restarted and the final stocks "
          "equal those of a run without the crash") {
  test::job_tester tester{{{"batch.size", "64"}}};
  auto txs = generated(20000, 200);
  auto victim = tester.job().partition_of("item_1");
  size_t chunk = 1000;
  for (size_t i = 0; i < txs.size(); i += chunk) {
    tester.job().send(std::vector<item_transaction>(
        txs.begin() + i, txs.begin() + std::min(txs.size(), i + chunk)));
    if (i % 5000 == 0)
      test::crash_and_await_restart(tester, victim);
  }
  // Every transaction comes out exactly once, with the reference outcome.
  auto results = tester.transaction_results->poll_many(txs.size(), 120s);
  REQUIRE(results.size() == txs.size());
  std::map<int64_t, bool> outcome;
  for (auto& res : results)
    CHECK(outcome.emplace(res.transaction.transaction_id, res.success).second);
  auto status = tester.job().status();
  CHECK(status.partitions[victim].restarts == 4);
  CHECK(status.partitions[victim].last_restart_reason.find("crashed") !=
        std::string::npos);
  test::check_stocks(tester, reference_stocks(txs));
  CHECK(tester.transaction_results->poll(200ms) == std::nullopt);
}

TEST_CASE("the other partitions keep serving while one is crashed") {
  test::job_tester tester{{{"restart.delay.ms", "2000"}}};
  tester.job().send({item_transaction{1, 2, "item_1", 5},
                     item_transaction{2, 2, "item_2", 6},
                     item_transaction{3, 2, "item_3", 7},
                     item_transaction{4, 2, "item_4", 8}});
  REQUIRE(tester.transaction_results->poll_many(4).size() == 4);
  auto victim = tester.job().partition_of("item_1");
  tester.job().crash_partition(victim);
  std::this_thread::sleep_for(100ms);
  auto down = tester.read_stock("item_1");
  REQUIRE_FALSE(down);
  CHECK(down.error() == ec::unavailable);
  for (auto item : {"item_2", "item_3", "item_4"})
    if (tester.job().partition_of(item) != victim)
      CHECK(tester.read_stock(item));
}

TEST_CASE("a partition reports the offset up to which it applied records") {
  test::job_tester tester;
  tester.job().send({item_transaction{1, 2, "item_1", 5},
                     item_transaction{2, 2, "item_1", 6},
                     item_transaction{3, 2, "item_1", 7}});
  REQUIRE(tester.transaction_results->poll_many(3).size() == 3);
  auto positions =
      tester.job().applied_positions(tester.job().partition_of("item_1"));
  REQUIRE(positions);
  // The manual source numbers records from 0: the third is offset 2.
  CHECK(positions->at(source_partition{"transactions", 0}) == 2);
}

TEST_CASE("the stock after a clean restart is what it was before") {
  test::job_tester tester;
  auto txs = generated(5000, 100);
  tester.job().send(txs);
  REQUIRE(tester.transaction_results->poll_many(txs.size()).size() ==
          txs.size());
  tester.restart();
  test::check_stocks(tester, reference_stocks(txs));
  // New input after the restart is applied on top, not skipped.
  auto more = generated(6000, 100);
  more.erase(more.begin(), more.begin() + 5000);
  tester.job().send(more);
  REQUIRE(tester.transaction_results->poll_many(more.size()).size() ==
          more.size());
  test::check_stocks(tester, reference_stocks(generated(6000, 100)));
}

TEST_CASE("a restart with another partition count is refused, naming it") {
  test::job_tester tester;
  tester.job().send({item_transaction{1, 2, "item_1", 5}});
  REQUIRE(tester.transaction_results->poll());
  auto err = tester.try_restart({{"partitions", "2"}});
  REQUIRE(err);
  CHECK(describe(err).find("partitions") != std::string::npos);
}

TEST_CASE("a window whose failure rate passes the threshold raises an alert") {
  test::job_tester tester{test::event_time_alerts};
  check_failure_alert(tester, 1);
}

TEST_CASE("a partition that fails at every start ends failed with the "
          "reason, not in a restart loop") {
  test::job_tester tester{{{"restart.attempts", "3"}}};
  tester.job().send({item_transaction{1, 2, "item_1", 5}});
  REQUIRE(tester.transaction_results->poll());
  tester.stop();
  // Corrupt item_1's stored stock so its partition cannot restore.
  {
    auto store = state_store::open(tester.state_dir(), {"partitions"});
    REQUIRE(store);
    key_groups groups{128, 4};
    REQUIRE((*store)->write(
        {{"partitions", layout::value_key(groups.group_of("item_1"), "item_1"),
          "not a number"}}));
  }
  auto err = tester.try_restart({{"restart.attempts", "3"}});
  REQUIRE(err);
  auto text = describe(err);
  CHECK(text.find("gave up after 3 restarts") != std::string::npos);
  CHECK(text.find("item_1") != std::string::npos);
}

TEST_CASE("a restart from a state whose persisted watermark is at the end of "
          "time resumes with a sane watermark: later records are not late") {
  test::job_tester tester{test::event_time_alerts};
  tester.job().send({item_transaction{1, 50, "item_1", 5}});
  REQUIRE(tester.transaction_results->poll());
  tester.stop();
  // What a record at the end of time left behind before max.future: every
  // partition's and window's watermark persisted there.
  {
    auto store =
        state_store::open(tester.state_dir(), {"partitions", "windows"});
    REQUIRE(store);
    auto end_of_time = std::to_string(std::numeric_limits<int64_t>::max() - 1);
    for (int32_t p = 0; p < 4; ++p)
      REQUIRE((*store)->write(
          {{"partitions", layout::watermark_key(p), end_of_time},
           {"windows", layout::watermark_key(p), end_of_time}}));
  }
  auto err = tester.try_restart(test::event_time_alerts);
  REQUIRE_MESSAGE(!err, describe(err));
  auto sane = wall_clock_ms() + 3'600'000;
  for (auto& window : tester.job().status().windows)
    CHECK((!window.watermark_ms || *window.watermark_ms <= sane));
  // The seed's alert scenario: nothing is late, the window fires.
  check_failure_alert(tester, 2);
  for (auto& window : tester.job().status().windows)
    CHECK(window.late_records == 0);
}
