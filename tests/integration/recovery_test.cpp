// Exact recovery of the inventory job in one process: checkpoints, a crash
// in the middle of a window, a stop with input arriving while it is down,
// savepoints, and the restart limit (issue 4; seed 000's demos).
#include "apps/inventory/inventory_job.hpp"

#include <chrono>
#include <future>
#include <map>
#include <set>
#include <thread>

#include <doctest/doctest.h>

#include "actors/savepoint.hpp"
#include "messages/error.hpp"
#include "messages/tab_codec.hpp"
#include "tests/support/dev_kafka.hpp"
#include "tests/support/inventory_reference.hpp"
#include "tests/support/job_tester.hpp"
#include "tests/support/kafka_reader.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {

const std::vector<test::dev_kafka::topic> seed_topics{
    {"transaction.log.1", 4},
    {"query.input.log.1", 1},
    {"query.output.log.1", 1},
    {"transaction.output.log.1", 4},
    {"eddy.dead.letters", 1}};

// Checkpoints only when a test asks, so it knows what each one covers.
const std::pair<std::string, std::string> manual_checkpoints{
    "checkpoint.interval.ms", "3600000"};

// Waits until every transaction of `txs` has a result and checks that each
// has exactly one, with the reference outcome.
void expect_each_result_once(test::job_tester& tester,
                             const std::vector<item_transaction>& txs,
                             const test::reference_run& expected) {
  auto results = tester.transaction_results->poll_many(txs.size(), 60s);
  REQUIRE(results.size() == txs.size());
  std::set<int64_t> seen;
  for (auto& res : results) {
    auto id = res.transaction.transaction_id;
    CHECK_MESSAGE(seen.insert(id).second, "transaction " << id << " twice");
    CHECK(res.success == expected.success.at(id));
  }
  CHECK_FALSE(tester.transaction_results->poll(200ms));
}

std::string savepoint_of(inventory_job& job) {
  std::promise<caf::expected<std::string>> answer;
  job.savepoint([&answer](caf::expected<std::string> path) {
    answer.set_value(std::move(path));
  });
  auto path = answer.get_future().get();
  REQUIRE_MESSAGE(path, describe(path.error()));
  return *path;
}

std::vector<item_transaction> slice(const std::vector<item_transaction>& txs,
                                    size_t first, size_t last) {
  return {txs.begin() + static_cast<ptrdiff_t>(first),
          txs.begin() + static_cast<ptrdiff_t>(last)};
}

} // namespace

TEST_CASE("a checkpoint reports its id, positions and bytes, and writes only "
          "what changed") {
  test::job_tester tester{{manual_checkpoints}};
  auto txs = test::generated_transactions(5000, 1000, 3);
  tester.job().send(txs);
  REQUIRE(tester.transaction_results->poll_many(txs.size()).size() ==
          txs.size());
  auto first = tester.job().checkpoint_now();
  REQUIRE_MESSAGE(first.outcome == checkpoint_outcome::completed, first.reason);
  CHECK(first.bytes > 0);
  REQUIRE(first.positions.size() == 1);
  CHECK(first.positions[0].source == "transactions");
  CHECK(first.positions[0].offset == 4999);
  auto second = tester.job().checkpoint_now();
  REQUIRE(second.outcome == checkpoint_outcome::completed);
  CHECK(second.id == first.id + 1);
  // Nothing changed: no item values, only positions, checkpoint ids and
  // key counts.
  CHECK(second.bytes < first.bytes / 10);
  auto status = tester.job().status();
  REQUIRE(status.checkpoints.size() >= 2);
  CHECK(status.checkpoints[0].id == second.id);
  CHECK(status.delivery == "at-least-once");
}

TEST_CASE("a crash in the middle of a window: the window is later emitted "
          "with the right total") {
  test::job_tester tester{{manual_checkpoints,
                           {"window.time", "event"},
                           {"window.size.ms", "1000"},
                           {"window.out_of_orderness.ms", "0"},
                           {"transaction.num.min", "2"},
                           {"transaction.failure.rate.min", "0.5"}}};
  auto p = tester.job().partition_of("item_9");
  // item_9 has no stock: purchases fail.
  tester.job().send({item_transaction{1, 100, "item_9", -5},
                     item_transaction{2, 200, "item_9", -5},
                     item_transaction{3, 300, "item_9", -5}});
  REQUIRE(tester.transaction_results->poll_many(3).size() == 3);
  auto cp = tester.job().checkpoint_now();
  REQUIRE_MESSAGE(cp.outcome == checkpoint_outcome::completed, cp.reason);
  // After the checkpoint: lost by the crash, replayed after the restart.
  tester.job().send({item_transaction{4, 400, "item_9", -5}});
  REQUIRE(tester.transaction_results->poll());
  std::promise<caf::expected<std::string>> crashed;
  fault_request fault;
  fault.job = "inventory";
  SUBCASE("of the partition") {
    fault.what = fault_request::kind::crash_partition;
  }
  SUBCASE("of the window") {
    fault.what = fault_request::kind::crash_window;
  }
  fault.target = p;
  auto restarts = tester.job().status().partitions[p].restarts;
  tester.job().inject_fault(fault, [&](caf::expected<std::string> done) {
    crashed.set_value(std::move(done));
  });
  REQUIRE(crashed.get_future().get());
  for (int i = 0; i < 1000; ++i) {
    auto now = tester.job().status().partitions[p];
    if (now.restarts > restarts && now.state == run_state::running)
      break;
    std::this_thread::sleep_for(5ms);
  }
  REQUIRE(tester.job().status().partitions[p].restarts > restarts);
  tester.job().send({item_transaction{5, 500, "item_9", 50}});
  // A later record moves the watermark past the window's end.
  tester.job().send({item_transaction{6, 5000, "item_9", 1}});
  auto alert = tester.alerts->poll();
  REQUIRE(alert);
  // Four failed purchases (one replayed after the crash) and one restock.
  CHECK(*alert == transaction_summary{"item_9", 0, 1000, 1, 4, 70});
  // The replayed result reached the sinks once.
  auto rest = tester.transaction_results->poll_many(2);
  CHECK(rest.size() == 2);
  CHECK_FALSE(tester.transaction_results->poll(200ms));
}

TEST_CASE("a job stopped while input arrives starts from its last checkpoint "
          "and counts every record once") {
  test::dev_kafka kafka{seed_topics};
  auto txs = test::generated_transactions(20000, 200, 5);
  test::reference_run expected{txs};
  auto settings = test::kafka_job_settings(kafka.bootstrap_servers(),
                                           test::unique_group_id());
  test::job_tester tester{settings};
  auto first = slice(txs, 0, 10000);
  test::produce_transactions(kafka.bootstrap_servers(), first);
  REQUIRE(tester.transaction_results->poll_many(first.size(), 60s).size() ==
          first.size());
  auto before = tester.job().checkpoint_now();
  REQUIRE(before.outcome == checkpoint_outcome::completed);
  tester.stop();
  auto second = slice(txs, 10000, txs.size());
  test::produce_transactions(kafka.bootstrap_servers(), second);
  tester.restart();
  expect_each_result_once(tester, second, expected);
  test::check_stocks(tester, expected.stock);
  // Checkpoint ids go on from the ones before the stop.
  CHECK(tester.job().checkpoint_now().id > before.id);
}

TEST_CASE("a savepoint, more input, and a start from the savepoint: the state "
          "is the savepoint's plus the replay") {
  test::dev_kafka kafka{seed_topics};
  auto txs = test::generated_transactions(10000, 100, 9);
  auto first = slice(txs, 0, 5000);
  auto group = test::unique_group_id();
  auto settings = test::kafka_job_settings(kafka.bootstrap_servers(), group);
  test::temp_dir savepoints; // outlives the first run's own directory
  std::string path;
  {
    auto with_savepoints = settings;
    with_savepoints.emplace_back("savepoint.dir", savepoints.path());
    test::job_tester tester{with_savepoints};
    test::produce_transactions(kafka.bootstrap_servers(), first);
    REQUIRE(tester.transaction_results->poll_many(first.size(), 60s).size() ==
            first.size());
    path = savepoint_of(tester.job());
    test::produce_transactions(kafka.bootstrap_servers(),
                               slice(txs, 5000, txs.size()));
    REQUIRE(tester.transaction_results->poll_many(5000, 60s).size() == 5000);
  }
  SUBCASE("alone, the savepoint holds the state it was taken with") {
    test::temp_dir dir;
    REQUIRE(restore_savepoint(path, dir.path() + "/state/inventory"));
    test::job_tester restored{{{"state.dir", dir.path() + "/state"}}};
    test::check_stocks(restored, test::reference_run{first}.stock);
  }
  SUBCASE("with its source, it replays what came after") {
    test::temp_dir dir;
    REQUIRE(restore_savepoint(path, dir.path() + "/state/inventory"));
    settings.emplace_back("state.dir", dir.path() + "/state");
    test::job_tester restored{settings};
    auto replayed = slice(txs, 5000, txs.size());
    expect_each_result_once(restored, replayed, test::reference_run{txs});
    test::check_stocks(restored, test::reference_run{txs}.stock);
  }
}

TEST_CASE("a savepoint is refused into a state directory that holds state") {
  test::job_tester tester{{manual_checkpoints}};
  tester.job().send({item_transaction{1, 2, "item_1", 5}});
  REQUIRE(tester.transaction_results->poll());
  auto path = savepoint_of(tester.job());
  auto refused = restore_savepoint(path, tester.state_dir());
  REQUIRE_FALSE(refused);
  CHECK(describe(refused.error()).find("already holds state") !=
        std::string::npos);
  auto not_one = restore_savepoint(tester.state_dir() + "/nothing", "/tmp/x");
  REQUIRE_FALSE(not_one);
  CHECK(describe(not_one.error()).find("not a savepoint") != std::string::npos);
}

TEST_CASE("a partition crashing past the restart limit fails the job with "
          "the reason while the others keep serving") {
  test::job_tester tester{{{"restart.attempts", "2"}}};
  auto p = tester.job().partition_of("item_1");
  std::string other;
  for (int i = 0; other.empty(); ++i)
    if (tester.job().partition_of("item_" + std::to_string(i)) != p)
      other = "item_" + std::to_string(i);
  tester.job().send(
      {item_transaction{1, 2, "item_1", 5}, item_transaction{2, 2, other, 7}});
  REQUIRE(tester.transaction_results->poll_many(2).size() == 2);
  test::crash_and_await_restart(tester, p);
  test::crash_and_await_restart(tester, p);
  tester.job().crash_partition(p);
  job_status status;
  for (int i = 0; i < 1000; ++i) {
    status = tester.job().status();
    if (status.state == run_state::failed)
      break;
    std::this_thread::sleep_for(5ms);
  }
  REQUIRE(status.state == run_state::failed);
  CHECK(status.failure.find("gave up after 2 restarts") != std::string::npos);
  CHECK(status.failure.find("crashed on request") != std::string::npos);
  auto stock = tester.read_stock(other);
  REQUIRE(stock);
  CHECK(stock->quantity == 7);
  CHECK_FALSE(tester.read_stock("item_1"));
}

TEST_CASE("with exactly-once output, partitions crashed 20 times during a run "
          "leave every result on the topic once and in order per item") {
  test::dev_kafka kafka{seed_topics};
  auto txs = test::generated_transactions(60000, 500, 13);
  test::reference_run expected{txs};
  auto settings = test::kafka_job_settings(kafka.bootstrap_servers(),
                                           test::unique_group_id());
  settings.emplace_back("sink.kafka.exactly_once", "true");
  settings.emplace_back("checkpoint.interval.ms", "200");
  test::job_tester tester{settings};
  CHECK(tester.job().status().delivery == "exactly-once");
  std::thread producer{[&] {
    for (size_t first = 0; first < txs.size(); first += 3000) {
      test::produce_transactions(kafka.bootstrap_servers(),
                                 slice(txs, first, first + 3000));
      std::this_thread::sleep_for(100ms);
    }
  }};
  for (int32_t crash = 0; crash < 20; ++crash) {
    std::this_thread::sleep_for(80ms);
    test::crash_and_await_restart(tester, crash % 4);
  }
  producer.join();
  auto results =
      test::read_messages(kafka.bootstrap_servers(),
                          {"transaction.output.log.1"}, txs.size(), 120s);
  REQUIRE(results.size() == txs.size());
  // Nothing beyond them: the dev cluster writes no transaction markers, so
  // the topic's offsets count its messages.
  auto consumer = kafka_consumer::make(
      test::test_kafka_properties(kafka.bootstrap_servers(),
                                  test::unique_group_id()),
      {}, {});
  REQUIRE(consumer);
  auto ranges = consumer->offsets("transaction.output.log.1", 10s);
  REQUIRE(ranges);
  int64_t on_topic = 0;
  for (auto& [part, range] : *ranges)
    on_topic += range.end - range.begin;
  CHECK(on_topic == static_cast<int64_t>(txs.size()));
  std::map<std::string, int64_t> last_id; // per item
  std::set<int64_t> seen;
  size_t wrong = 0;
  for (auto& msg : results) {
    auto res = parse_transaction_result(msg.payload);
    REQUIRE(res);
    auto id = res->transaction.transaction_id;
    CHECK_MESSAGE(seen.insert(id).second, "transaction " << id << " twice");
    auto emplaced = last_id.try_emplace(res->transaction.item_id, id);
    auto last = emplaced.first;
    CHECK_MESSAGE((emplaced.second || last->second < id),
                  "transaction " << id << " after " << last->second);
    last->second = id;
    if (res->success != expected.success.at(id))
      ++wrong;
  }
  CHECK(wrong == 0);
  test::check_stocks(tester, expected.stock);
  uint32_t restarts = 0;
  for (auto& part : tester.job().status().partitions)
    restarts += part.restarts;
  CHECK(restarts == 20);
}

TEST_CASE("a stalled sink holds checkpoints back until it writes again, and "
          "loses nothing") {
  test::job_tester tester{
      {manual_checkpoints, {"checkpoint.timeout.ms", "300"}}};
  auto sinks = tester.job().status().sinks;
  size_t test_sink = 0;
  while (test_sink < sinks.size() &&
         sinks[test_sink].name != "transaction results to test")
    ++test_sink;
  REQUIRE(test_sink < sinks.size());
  std::promise<caf::expected<std::string>> stalled;
  tester.job().inject_fault({"inventory", fault_request::kind::stall_sink,
                             static_cast<int32_t>(test_sink), 1500ms},
                            [&](caf::expected<std::string> done) {
                              stalled.set_value(std::move(done));
                            });
  REQUIRE(stalled.get_future().get());
  auto txs = test::generated_transactions(1000, 50, 21);
  tester.job().send(txs);
  auto held = tester.job().checkpoint_now();
  CHECK(held.outcome == checkpoint_outcome::failed);
  CHECK_MESSAGE(held.reason.find("timed out") != std::string::npos,
                held.reason);
  CHECK(tester.job().status().sinks[test_sink].last_error.find("stalled") !=
        std::string::npos);
  expect_each_result_once(tester, txs, test::reference_run{txs});
  // The partitions still write the checkpoint they were asked for once the
  // sink answers; the one after it completes.
  checkpoint_status after;
  for (int i = 0; i < 50 && after.outcome != checkpoint_outcome::completed;
       ++i) {
    after = tester.job().checkpoint_now();
    if (after.outcome != checkpoint_outcome::completed)
      std::this_thread::sleep_for(100ms);
  }
  CHECK(after.outcome == checkpoint_outcome::completed);
}

TEST_CASE("reads of a restarted partition's keys are refused until it has "
          "replayed, never answered with an older number") {
  test::job_tester tester{{manual_checkpoints, {"restart.delay.ms", "200"}}};
  auto txs = test::generated_transactions(20000, 20, 23);
  test::reference_run expected{txs};
  tester.job().send(txs);
  REQUIRE(tester.transaction_results->poll_many(txs.size()).size() ==
          txs.size());
  // Nothing is checkpointed: the restarted partition must replay it all.
  auto item = expected.stock.begin()->first;
  auto p = tester.job().partition_of(item);
  tester.job().crash_partition(p);
  while (tester.job().status().partitions[p].state == run_state::running)
    std::this_thread::sleep_for(1ms);
  size_t refused = 0;
  for (;;) {
    auto stock = tester.read_stock(item);
    if (stock) {
      CHECK(stock->quantity == expected.stock.at(item));
      break;
    }
    REQUIRE_MESSAGE(stock.error() == ec::unavailable, describe(stock.error()));
    ++refused;
  }
  CHECK(refused > 0);
  test::check_stocks(tester, expected.stock);
}
