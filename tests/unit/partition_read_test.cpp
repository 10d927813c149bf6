// Reads of a partition's state from other threads (the HTTP front's read
// path): whole batches only, never from a retired incarnation, and only
// once a restarted partition has caught up with its replay.
#include "actors/partition.hpp"

#include <atomic>
#include <chrono>
#include <thread>

#include <doctest/doctest.h>

#include "tests/support/stock_logic.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {

using state_t = partition_state<test::stock_logic>;
using directory_t = partition_directory_of<test::stock_logic>;

struct fixture {
  test::temp_dir dir;
  std::shared_ptr<state_store> store = open();

  std::shared_ptr<state_store> open() {
    auto result = state_store::open(dir.path(), {test::stock_family});
    REQUIRE_MESSAGE(result, describe(result.error()));
    return *result;
  }

  std::shared_ptr<state_t> make() {
    auto result =
        std::make_shared<state_t>(0, key_groups{1, 1}, store,
                                  test::stock_family, test::make_stock_logic());
    auto ok = result->restore();
    REQUIRE_MESSAGE(ok, describe(ok.error()));
    return result;
  }
};

// One transaction per item, all with quantity 1, at offsets from `first`.
batch<inventory_input> add_one(std::vector<std::string> items, offset_t first) {
  batch<inventory_input> result{{"transactions", 0}, {}, false};
  for (auto& item : items) {
    result.records.push_back({first, item_transaction{first, 0, item, 1}});
    ++first;
  }
  return result;
}

int64_t stock_of(const state_t& state, std::string_view item) {
  auto value = state.read_concurrently(item, 1s);
  REQUIRE_MESSAGE(value, describe(value.error()));
  REQUIRE(value->has_value());
  return **value;
}

} // namespace

TEST_CASE_FIXTURE(fixture,
                  "a read from another thread sees whole batches, and never "
                  "a smaller stock than it saw before") {
  auto state = make();
  std::vector<inventory_output> out;
  // Enough items that the table grows while readers read.
  std::vector<std::string> items;
  for (int i = 0; i < 2000; ++i)
    items.push_back("item_" + std::to_string(i));
  state->apply(add_one(items, 0), out);
  std::atomic<bool> is_done{false};
  std::atomic<int> torn{0};
  std::atomic<int> backwards{0};
  auto read_loop = [&] {
    int64_t last = 0;
    while (!is_done.load()) {
      auto first = stock_of(*state, "item_0");
      auto other = stock_of(*state, "item_1999");
      if (first < last)
        ++backwards;
      // Both items change in every batch, item_0 first: the later lookup
      // may see item_1999 newer, but older only in a half-applied batch.
      if (other < first)
        ++torn;
      last = first;
    }
  };
  std::thread reader{read_loop};
  offset_t next = static_cast<offset_t>(items.size());
  for (int round = 0; round < 300; ++round) {
    auto more = items;
    more.push_back("extra_" + std::to_string(round)); // grows the table
    state->apply(add_one(more, next), out);
    next += static_cast<offset_t>(more.size());
    if (round % 50 == 0)
      static_cast<void>(state->take_snapshot(round));
  }
  is_done = true;
  reader.join();
  CHECK(torn == 0);
  CHECK(backwards == 0);
  CHECK(stock_of(*state, "item_0") == 301);
}

TEST_CASE_FIXTURE(fixture, "an item never written reads as absent") {
  auto state = make();
  auto value = state->read_concurrently("item_never", 1s);
  REQUIRE(value);
  CHECK_FALSE(value->has_value());
}

TEST_CASE_FIXTURE(fixture, "a retired partition's state answers unavailable") {
  auto state = make();
  std::vector<inventory_output> out;
  state->apply(add_one({"item_1"}, 0), out);
  state->retire();
  auto value = state->read_concurrently("item_1", 1s);
  REQUIRE_FALSE(value);
  CHECK(value.error() == ec::unavailable);
}

TEST_CASE_FIXTURE(fixture,
                  "a started partition serves reads only once its sources "
                  "replayed what it had not persisted") {
  directory_t directory{"test", 1};
  CHECK(directory.serving(0) == nullptr);
  auto state = make();
  directory.set_running(0, {{}, state}, 2);
  CHECK(directory.serving(0) == nullptr);
  CHECK(directory.recovering(0));
  directory.replayed(0);
  CHECK(directory.serving(0) == nullptr);
  directory.replayed(0);
  CHECK(directory.serving(0) == state);
}

TEST_CASE_FIXTURE(fixture,
                  "after a restart, reads see the new incarnation and a "
                  "reader still holding the old one is refused") {
  directory_t directory{"test", 1};
  auto first = make();
  std::vector<inventory_output> out;
  first->apply(add_one({"item_1", "item_1"}, 0), out);
  directory.set_running(0, {{}, first}, 0);
  auto held = directory.serving(0);
  REQUIRE(held == first);
  std::weak_ptr<state_t> watch = first;
  first.reset();

  directory.set_restarting(0, "crashed");
  CHECK(directory.serving(0) == nullptr);
  auto stale = held->read_concurrently("item_1", 1s);
  REQUIRE_FALSE(stale);
  CHECK(stale.error() == ec::unavailable);

  // Restored from a store that holds nothing yet, then replayed.
  auto second = make();
  second->apply(add_one({"item_1", "item_1", "item_1"}, 0), out);
  directory.set_running(0, {{}, second}, 1);
  CHECK(directory.serving(0) == nullptr);
  directory.replayed(0);
  REQUIRE(directory.serving(0) == second);
  CHECK(stock_of(*directory.serving(0), "item_1") == 3);

  // The old incarnation's memory lives exactly as long as its last reader.
  held.reset();
  CHECK(watch.expired());
}
