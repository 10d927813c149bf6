// map_state: entries by key and id that expire, persisted key by key.
#include "runtime/map_state.hpp"

#include <chrono>
#include <string>

#include <doctest/doctest.h>

#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {

constexpr const char* family = "entries";

struct fixture {
  test::temp_dir dir;
  std::shared_ptr<state_store> store = open();
  key_groups groups{8, 2};

  std::shared_ptr<state_store> open() {
    auto result = state_store::open(dir.path(), {family});
    REQUIRE_MESSAGE(result, describe(result.error()));
    return *result;
  }

  void persist(map_state<int64_t>& entries) {
    state_store::batch writes;
    entries.write_changes(writes, family, groups);
    auto ok = store->write(writes);
    REQUIRE_MESSAGE(ok, describe(ok.error()));
  }

  // The entries partition `partition` restores.
  map_state<int64_t> restored(uint32_t partition) {
    map_state<int64_t> result{{1h, time_domain::processing}};
    auto ok = result.restore(*store, family, groups.groups_of(partition));
    REQUIRE_MESSAGE(ok, describe(ok.error()));
    return result;
  }
};

} // namespace

TEST_CASE("an entry is found by its key and id until it expires") {
  map_state<int64_t> entries{{1000ms, time_domain::processing}};
  entries.put("item_1", "a", 7, 5000);
  REQUIRE(entries.find("item_1", "a", 5999) != nullptr);
  CHECK(*entries.find("item_1", "a", 5999) == 7);
  CHECK(entries.find("item_1", "b", 5000) == nullptr);
  CHECK(entries.find("item_2", "a", 5000) == nullptr);
  CHECK(entries.find("item_1", "a", 6000) == nullptr);
  entries.expire_until(7001);
  CHECK(entries.size() == 0);
}

TEST_CASE("a key and an id never make another key's entry") {
  map_state<int64_t> entries{{1000ms, time_domain::processing}};
  entries.put("ab", "c", 1, 0);
  CHECK(entries.find("a", "bc", 0) == nullptr);
  CHECK(entries.find("abc", "", 0) == nullptr);
}

TEST_CASE("an entry put again lives on past its first expiry") {
  map_state<int64_t> entries{{1000ms, time_domain::processing}};
  entries.put("item_1", "a", 1, 0);
  entries.put("item_1", "a", 2, 1500);
  entries.expire_until(2001);
  REQUIRE(entries.find("item_1", "a", 2001) != nullptr);
  CHECK(*entries.find("item_1", "a", 2001) == 2);
}

TEST_CASE("before the first watermark an event-time entry does not expire") {
  map_state<int64_t> entries{{1000ms, time_domain::event}};
  entries.put("item_1", "a", 1, no_watermark);
  entries.expire_until(1'000'000);
  CHECK(entries.find("item_1", "a", 1'000'000) != nullptr);
}

TEST_CASE_FIXTURE(fixture, "each partition restores the entries of its keys, "
                           "and an expired entry leaves the store") {
  map_state<int64_t> entries{{1h, time_domain::processing}};
  for (int i = 0; i < 100; ++i)
    entries.put("item_" + std::to_string(i), "id", i, 0);
  persist(entries);
  auto first = restored(0);
  auto second = restored(1);
  CHECK(first.size() + second.size() == 100);
  CHECK(first.size() > 0);
  for (int i = 0; i < 100; ++i) {
    auto key = "item_" + std::to_string(i);
    auto& owner = groups.partition_of(key) == 0 ? first : second;
    REQUIRE(owner.find(key, "id", 0) != nullptr);
    CHECK(*owner.find(key, "id", 0) == i);
  }
  entries.expire_until(3600 * 1000 + 1001);
  CHECK(entries.size() == 0);
  persist(entries);
  CHECK(restored(0).size() + restored(1).size() == 0);
}
