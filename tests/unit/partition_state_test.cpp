// partition_state: exactly-once application, and persistence of the
// changed keys with their positions at each snapshot.
#include "actors/partition_state.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <optional>

#include <doctest/doctest.h>

#include "actors/watermark.hpp"
#include "tests/support/stock_logic.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;

namespace {

struct fixture {
  test::temp_dir dir;
  std::shared_ptr<state_store> store = open();
  key_groups groups{8, 1};

  std::shared_ptr<state_store> open() {
    auto result = state_store::open(dir.path(), {test::stock_family});
    REQUIRE_MESSAGE(result, describe(result.error()));
    return *result;
  }

  // Persists what `part` changed since its last snapshot.
  void checkpoint(partition_state<test::stock_logic>& part, int64_t id = 1) {
    auto snap = part.take_snapshot(id);
    auto ok = store->write(snap.writes);
    REQUIRE_MESSAGE(ok, describe(ok.error()));
  }

  partition_state<test::stock_logic> make() {
    partition_state<test::stock_logic> result{
        0, groups, store, test::stock_family, test::make_stock_logic()};
    auto ok = result.restore();
    REQUIRE_MESSAGE(ok, describe(ok.error()));
    return result;
  }
};

batch<inventory_input> transactions(std::vector<std::pair<offset_t, int>> xs) {
  batch<inventory_input> result{{"transactions", 0}, {}, false};
  for (auto [offset, quantity] : xs)
    result.records.push_back(
        {offset, item_transaction{offset, 0, "item_1", quantity}});
  return result;
}

// The stock of `item` in `part`, nullopt if it was never written.
std::optional<int64_t> stock_of(const partition_state<test::stock_logic>& part,
                                std::string_view item) {
  auto value = part.read_concurrently(item, std::chrono::seconds{1});
  REQUIRE_MESSAGE(value, describe(value.error()));
  return *value;
}

} // namespace

TEST_CASE_FIXTURE(fixture, "a replayed batch is not applied twice") {
  auto part = make();
  std::vector<inventory_output> out;
  part.apply(transactions({{0, 10}, {1, 5}}), out);
  auto ack = part.apply(transactions({{0, 10}, {1, 5}, {2, 1}}), out);
  CHECK(ack.applied == 1);
  CHECK(ack.skipped == 2);
  CHECK(ack.last_offset == 2);
  CHECK(stock_of(part, "item_1") == 16);
}

TEST_CASE_FIXTURE(fixture, "nothing is persisted before a snapshot") {
  {
    auto part = make();
    std::vector<inventory_output> out;
    part.apply(transactions({{0, 10}}), out);
  }
  auto again = make();
  CHECK_FALSE(stock_of(again, "item_1"));
  CHECK(again.positions().empty());
}

TEST_CASE_FIXTURE(fixture, "a snapshot holds only the keys changed since the "
                           "last one, and the positions") {
  auto part = make();
  std::vector<inventory_output> out;
  part.apply(transactions({{0, 10}}), out);
  auto first = part.take_snapshot(1);
  auto value_puts = [](const auto& snap) {
    size_t n = 0;
    snap.writes.for_each([&](state_store::batch::op_kind kind, std::string_view,
                             std::string_view key, std::string_view) {
      n += kind == state_store::batch::op_kind::put && key.front() == 'k';
    });
    return n;
  };
  CHECK(value_puts(first) == 1);
  CHECK(first.positions.at({"transactions", 0}) == 0);
  CHECK(first.bytes > 0);
  auto second = part.take_snapshot(2);
  CHECK(value_puts(second) == 0);
  CHECK(second.positions.at({"transactions", 0}) == 0);
}

TEST_CASE_FIXTURE(fixture, "a restored partition has the persisted stock and "
                           "positions") {
  {
    auto part = make();
    std::vector<inventory_output> out;
    part.apply(transactions({{0, 10}, {1, -3}}), out);
    checkpoint(part);
    // Applied after the snapshot: lost with the process, replayed later.
    part.apply(transactions({{2, 100}}), out);
  }
  auto again = make();
  CHECK(stock_of(again, "item_1") == 7);
  CHECK(again.positions().at({"transactions", 0}) == 1);
}

TEST_CASE("a partition restores only the key groups it owns") {
  test::temp_dir dir;
  auto store = state_store::open(dir.path(), {test::stock_family});
  REQUIRE(store);
  key_groups groups{16, 2};
  std::vector<partition_state<test::stock_logic>> parts;
  for (int32_t p = 0; p < 2; ++p)
    parts.emplace_back(p, groups, *store, test::stock_family,
                       test::make_stock_logic());
  for (int i = 0; i < 50; ++i) {
    auto item = "item_" + std::to_string(i);
    auto p = groups.partition_of(item);
    batch<inventory_input> in{{"transactions", 0}, {}, false};
    in.records.push_back({i, item_transaction{i, 0, item, i + 1}});
    std::vector<inventory_output> out;
    parts[p].apply(in, out);
  }
  for (auto& part : parts)
    REQUIRE((*store)->write(part.take_snapshot(1).writes));
  for (uint32_t p = 0; p < 2; ++p) {
    partition_state<test::stock_logic> restored{static_cast<int32_t>(p), groups,
                                                *store, test::stock_family,
                                                test::make_stock_logic()};
    REQUIRE(restored.restore());
    CHECK(restored.size() == parts[p].size());
    for (int i = 0; i < 50; ++i) {
      auto item = "item_" + std::to_string(i);
      CHECK(stock_of(restored, item).has_value() ==
            (groups.partition_of(item) == p));
    }
  }
}

TEST_CASE_FIXTURE(fixture, "a persisted watermark beyond the bound is dropped "
                           "on restore, and one within it restored") {
  using namespace std::chrono_literals;
  auto at_end_of_time = std::to_string(std::numeric_limits<int64_t>::max() - 1);
  REQUIRE(store->write(
      {{test::stock_family, layout::watermark_key(0), at_end_of_time}}));
  partition_state<test::stock_logic> healed{
      0, groups, store, test::stock_family, test::make_stock_logic()};
  REQUIRE(healed.restore(future_limit(1'700'000'000'000, 1h)));
  CHECK(healed.watermark() == no_watermark);
  CHECK(healed.dropped_watermark() == std::numeric_limits<int64_t>::max() - 1);

  REQUIRE(store->write(
      {{test::stock_family, layout::watermark_key(0), "1700000000000"}}));
  partition_state<test::stock_logic> kept{0, groups, store, test::stock_family,
                                          test::make_stock_logic()};
  REQUIRE(kept.restore(future_limit(1'700'000'000'000, 1h)));
  CHECK(kept.watermark() == 1'700'000'000'000);
  CHECK_FALSE(kept.dropped_watermark());
}
