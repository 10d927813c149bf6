// The stock's idempotence: a transaction whose transport may repeat it is
// applied once per id within the dedup window, across checkpoints and
// restores, and answered with its first result.
#include <chrono>
#include <optional>
#include <variant>

#include <doctest/doctest.h>

#include "actors/partition_state.hpp"
#include "tests/support/stock_logic.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {

struct fixture {
  test::temp_dir dir;
  std::shared_ptr<state_store> store = open();
  std::chrono::milliseconds window = 10s;
  offset_t next_offset = 0;

  std::shared_ptr<state_store> open() {
    auto result = state_store::open(dir.path(), {test::stock_family});
    REQUIRE_MESSAGE(result, describe(result.error()));
    return *result;
  }

  partition_state<stock_logic> make() {
    partition_state<stock_logic> result{
        0, key_groups{8, 1}, store, test::stock_family,
        stock_logic{stock_process{window}, item_of}};
    auto ok = result.restore();
    REQUIRE_MESSAGE(ok, describe(ok.error()));
    return result;
  }

  void checkpoint(partition_state<stock_logic>& part) {
    auto snap = part.take_snapshot(1);
    auto ok = store->write(snap.writes);
    REQUIRE_MESSAGE(ok, describe(ok.error()));
  }

  // Applies transaction `id` at wall clock `now`, as a new source record.
  transaction_result post(partition_state<stock_logic>& part, int64_t id,
                          int32_t quantity, int64_t now = 1000,
                          bool may_be_repeated = true) {
    batch<inventory_input> in{{"http", 0}, {}, false};
    item_transaction tx{id, 100 + id, "item_1", quantity, may_be_repeated};
    in.records.push_back({next_offset++, std::move(tx)});
    std::vector<inventory_output> out;
    part.apply(in, out, now);
    REQUIRE(out.size() == 1);
    return std::get<transaction_result>(out.front());
  }

  int64_t stock(const partition_state<stock_logic>& part) {
    auto value = part.read_concurrently("item_1", 1s);
    REQUIRE(value);
    REQUIRE(*value);
    return **value;
  }
};

} // namespace

TEST_CASE_FIXTURE(fixture, "a repeated transaction id gets the first result "
                           "and changes nothing") {
  auto part = make();
  auto first = post(part, 1, 10);
  CHECK(first.success);
  CHECK_FALSE(first.is_repeat);
  auto repeat = post(part, 1, 10);
  CHECK(repeat.is_repeat);
  CHECK(repeat.success);
  CHECK(stock(part) == 10);
  // A repeat with other fields is still the first transaction.
  auto changed = post(part, 1, 500);
  CHECK(changed.is_repeat);
  CHECK(changed.transaction.quantity == 10);
  CHECK(stock(part) == 10);
}

TEST_CASE_FIXTURE(fixture, "a rejected transaction stays rejected when "
                           "repeated, even once the stock would allow it") {
  auto part = make();
  CHECK_FALSE(post(part, 1, -5).success);
  post(part, 2, 10);
  auto repeat = post(part, 1, -5);
  CHECK(repeat.is_repeat);
  CHECK_FALSE(repeat.success);
  CHECK(stock(part) == 10);
}

TEST_CASE_FIXTURE(fixture, "transactions from a transport that never "
                           "repeats (Kafka, the generator) are not "
                           "remembered") {
  auto part = make();
  post(part, 1, 10, 1000, false);
  auto again = post(part, 1, 10, 1000, false);
  CHECK_FALSE(again.is_repeat);
  CHECK(stock(part) == 20);
}

TEST_CASE_FIXTURE(fixture, "the seen ids are persisted with the checkpoint") {
  {
    auto part = make();
    post(part, 1, 10);
    checkpoint(part);
  }
  auto again = make();
  auto repeat = post(again, 1, 10);
  CHECK(repeat.is_repeat);
  CHECK(stock(again) == 10);
}

TEST_CASE_FIXTURE(fixture, "an id is forgotten once the dedup window has "
                           "passed, in memory and in the store") {
  auto part = make();
  post(part, 1, 10, 1000);
  CHECK(post(part, 1, 10, 1000 + 9000).is_repeat);
  std::vector<inventory_output> out;
  part.tick(1000 + 12000, out);
  checkpoint(part);
  auto again = make();
  CHECK_FALSE(post(again, 1, 10, 1000 + 12000).is_repeat);
  CHECK(stock(again) == 20);
}

TEST_CASE_FIXTURE(fixture, "a zero dedup window remembers nothing") {
  window = 0ms;
  auto part = make();
  post(part, 1, 10);
  CHECK_FALSE(post(part, 1, 10).is_repeat);
  CHECK(stock(part) == 20);
}
