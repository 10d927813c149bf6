// Checkpoints that changed many keys write partitions per key group and
// windows whole (layout::write_whole); these tests mix such checkpoints with
// key-by-key ones and check that a restore always has the newest values.
#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "actors/partition_state.hpp"
#include "actors/window_operator.hpp"
#include "tests/support/stock_logic.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;

namespace {

// Enough keys that changing all of them is written whole, few enough that
// changing a handful is not.
constexpr int many = 6000;

std::string item(int i) {
  return "item_" + std::to_string(i);
}

std::shared_ptr<state_store> open_store(const test::temp_dir& dir) {
  auto store =
      state_store::open(dir.path(), {test::stock_family, test::summary_family});
  REQUIRE_MESSAGE(store, describe(store.error()));
  return *store;
}

// Counts the keys a snapshot puts, by their layout's first letter.
std::map<char, int> puts_by_kind(const state_store::batch& writes) {
  std::map<char, int> result;
  writes.for_each([&](state_store::batch::op_kind kind, std::string_view,
                      std::string_view key, std::string_view) {
    if (kind == state_store::batch::op_kind::put)
      ++result[key.front()];
  });
  return result;
}

struct partition_fixture {
  test::temp_dir dir;
  std::shared_ptr<state_store> store = open_store(dir);
  key_groups groups{8, 1};
  offset_t next_offset = 0;

  partition_state<test::stock_logic> restored() {
    partition_state<test::stock_logic> result{
        0, groups, store, test::stock_family, test::make_stock_logic()};
    auto ok = result.restore();
    REQUIRE_MESSAGE(ok, describe(ok.error()));
    return result;
  }

  // Adds `quantity` to the stock of each of `items`.
  void add(partition_state<test::stock_logic>& part,
           const std::vector<int>& items, int quantity) {
    batch<inventory_input> in{{"transactions", 0}, {}, false};
    for (int i : items) {
      in.records.push_back(
          {next_offset, item_transaction{next_offset, 0, item(i), quantity}});
      ++next_offset;
    }
    std::vector<inventory_output> out;
    part.apply(in, out);
  }

  state_store::batch checkpoint(partition_state<test::stock_logic>& part,
                                int64_t id) {
    auto snap = part.take_snapshot(id);
    auto ok = store->write(snap.writes);
    REQUIRE_MESSAGE(ok, describe(ok.error()));
    return std::move(snap.writes);
  }
};

std::vector<int> first(int n) {
  std::vector<int> result;
  for (int i = 0; i < n; ++i)
    result.push_back(i);
  return result;
}

int64_t stock(const partition_state<test::stock_logic>& part, int i) {
  auto value = part.read_concurrently(item(i), std::chrono::seconds{1});
  REQUIRE_MESSAGE(value, describe(value.error()));
  REQUIRE(value->has_value());
  return **value;
}

} // namespace

TEST_CASE_FIXTURE(partition_fixture,
                  "key groups written whole and keys written singly after "
                  "them restore to the newest stocks") {
  auto part = restored();
  add(part, first(many), 10);
  auto all = checkpoint(part, 1);
  CHECK(puts_by_kind(all)['g'] == 8); // one value per key group
  CHECK(puts_by_kind(all)['k'] == 0);
  add(part, {5, 7}, 1);
  auto few = checkpoint(part, 2);
  CHECK(puts_by_kind(few)['g'] == 0);
  CHECK(puts_by_kind(few)['k'] == 2);
  auto again = restored();
  CHECK(again.size() == many);
  CHECK(stock(again, 5) == 11);
  CHECK(stock(again, 7) == 11);
  CHECK(stock(again, 6) == 10);
}

TEST_CASE_FIXTURE(partition_fixture,
                  "writing key groups whole deletes the keys written singly "
                  "before, so an older single value never wins") {
  auto part = restored();
  add(part, first(many), 10);
  checkpoint(part, 1);
  add(part, {5}, 1); // 11, written singly
  checkpoint(part, 2);
  add(part, first(many), 100); // 111 for item 5, written whole
  checkpoint(part, 3);
  auto again = restored();
  CHECK(stock(again, 5) == 111);
  CHECK(stock(again, 0) == 110);
}

TEST_CASE_FIXTURE(partition_fixture,
                  "a damaged key group value fails the restore, naming the "
                  "group") {
  REQUIRE(store->write({{test::stock_family, layout::group_values_key(3),
                         std::string{"\0\0\0\x09item", 8}}}));
  partition_state<test::stock_logic> part{0, groups, store, test::stock_family,
                                          test::make_stock_logic()};
  auto ok = part.restore();
  REQUIRE_FALSE(ok);
  CHECK(ok.error() == ec::storage_failure);
  CHECK(describe(ok.error()).find("key group 3") != std::string::npos);
}

namespace {

struct window_fixture {
  test::temp_dir dir;
  std::shared_ptr<state_store> store = open_store(dir);
  window_options options = [] {
    window_options result;
    result.size_ms = 1000;
    result.time = window_options::time_mode::event;
    return result;
  }();
  // Every closed window yields a summary.
  test::summary_logic logic = test::make_summary_logic();
  offset_t next_offset = 0;

  window_operator<test::summary_logic> restored() {
    window_operator<test::summary_logic> result{options, test::summary_family,
                                                logic, nullptr};
    auto ok = result.restore(*store, 0);
    REQUIRE_MESSAGE(ok, describe(ok.error()));
    return result;
  }

  // One succeeded transaction of quantity 1 at `ts` for each of `items`;
  // returns the summaries of the windows it closed (the batch's watermark
  // follows the newest record, as a source allowing no disorder sets it).
  std::vector<transaction_summary> add(window_operator<test::summary_logic>& op,
                                       const std::vector<int>& items,
                                       int64_t ts) {
    output_batch<transaction_result> in;
    for (int i : items)
      in.records.push_back(transaction_result{
          item_transaction{next_offset, ts, item(i), 1}, true});
    in.from = {"transactions", 0};
    in.last_offset = next_offset++;
    in.watermark = ts - 1;
    std::vector<transaction_result> late;
    std::vector<transaction_summary> results;
    op.apply(in, late, results);
    return results;
  }

  state_store::batch checkpoint(window_operator<test::summary_logic>& op) {
    auto snap = op.take_snapshot(0);
    auto ok = store->write(snap.writes);
    REQUIRE_MESSAGE(ok, describe(ok.error()));
    return std::move(snap.writes);
  }
};

std::map<std::string, int64_t>
succeeded_by_item(const std::vector<transaction_summary>& summaries) {
  std::map<std::string, int64_t> result;
  for (auto& s : summaries)
    result[s.item_id] = s.succeeded;
  return result;
}

} // namespace

TEST_CASE_FIXTURE(window_fixture,
                  "a window written whole, then some of its keys singly, "
                  "then whole again restores to the newest counts") {
  auto op = restored();
  add(op, first(many), 100);
  auto all = checkpoint(op);
  CHECK(puts_by_kind(all)['v'] == 1); // the window in one value
  CHECK(puts_by_kind(all)['w'] == 0);
  add(op, {5}, 200);
  auto few = checkpoint(op);
  CHECK(puts_by_kind(few)['v'] == 0);
  CHECK(puts_by_kind(few)['w'] == 1);
  auto middle = restored();
  auto closed = succeeded_by_item(add(middle, {many}, 1500));
  CHECK(closed.size() == many);
  CHECK(closed[item(5)] == 2);
  CHECK(closed[item(6)] == 1);
  add(op, first(many), 300); // item 5 at 3, written whole
  checkpoint(op);
  auto last = restored();
  closed = succeeded_by_item(add(last, {many}, 1500));
  CHECK(closed[item(5)] == 3);
  CHECK(closed[item(6)] == 2);
}

TEST_CASE_FIXTURE(window_fixture,
                  "a window written whole and closed before a checkpoint is "
                  "not restored") {
  auto op = restored();
  add(op, first(many), 100);
  checkpoint(op);
  CHECK(add(op, {many}, 1500).size() == many); // closes [0, 1000)
  checkpoint(op);
  auto again = restored();
  CHECK(again.windows().open_windows() == 1); // [1000, 2000) with one item
}
