// Tests of the partition's flat keyed state: values survive the table's
// growth, only changed keys are drained, loads are not changes, a cursor
// reads and writes with one lookup, a loader and a reserve lose nothing,
// for_each visits every key.
#include "actors/keyed_state.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>

namespace {

std::map<std::string, long> drained(eddy::keyed_state<long>& state) {
  std::map<std::string, long> result;
  state.drain_changes([&](std::string_view key, const long& value) {
    result.emplace(std::string{key}, value);
  });
  return result;
}

} // namespace

TEST_CASE("values stay findable while the table grows many times") {
  eddy::keyed_state<long> state;
  constexpr long keys = 100'000;
  for (long i = 0; i < keys; ++i)
    state.upsert("item_" + std::to_string(i)) = i;
  CHECK(state.size() == keys);
  for (long i = 0; i < keys; ++i) {
    auto* value = state.find("item_" + std::to_string(i));
    REQUIRE(value != nullptr);
    CHECK(*value == i);
  }
  CHECK(state.find("item_" + std::to_string(keys)) == nullptr);
}

TEST_CASE("a drain visits each key changed since the last one once, with its "
          "latest value, also across growth") {
  eddy::keyed_state<long> state;
  state.upsert("a") = 1;
  state.upsert("a") = 2;
  for (long i = 0; i < 5000; ++i) // grows the table with "a" dirty
    state.upsert("k" + std::to_string(i)) = i;
  auto first = drained(state);
  CHECK(first.size() == 5001);
  CHECK(first.at("a") == 2);
  CHECK(state.changed() == 0);
  CHECK(drained(state).empty());
  state.upsert("k7") = 70;
  CHECK(drained(state) == std::map<std::string, long>{{"k7", 70}});
}

TEST_CASE("loaded values are found but are not changes; a load overwrites") {
  eddy::keyed_state<long> state;
  state.load("a", 1);
  state.load("a", 5);
  state.load("b", 2);
  CHECK(*state.find("a") == 5);
  CHECK(state.size() == 2);
  CHECK(drained(state).empty());
}

TEST_CASE("a cursor reads a missing key as absent and writes it as changed") {
  eddy::keyed_state<long> state;
  auto item = state.lookup("x");
  CHECK(item.value() == nullptr);
  item.write() = 3;
  CHECK(*state.find("x") == 3);
  auto again = state.lookup("x");
  REQUIRE(again.value() != nullptr);
  CHECK(*again.value() == 3);
  CHECK(drained(state) == std::map<std::string, long>{{"x", 3}});
}

TEST_CASE("keys longer than a short string and keys that differ only late "
          "are told apart") {
  eddy::keyed_state<long> state;
  std::string base(100, 'k');
  state.upsert(base + "1") = 1;
  state.upsert(base + "2") = 2;
  state.upsert("") = 3;
  CHECK(*state.find(base + "1") == 1);
  CHECK(*state.find(base + "2") == 2);
  CHECK(*state.find("") == 3);
  CHECK(state.find(base) == nullptr);
}

TEST_CASE("keys of every inline length are found, and told apart from keys "
          "that differ in one byte") {
  // Every length a slot holds inline and one past it, every position.
  for (size_t length = 1; length <= 19; ++length) {
    eddy::keyed_state<long> state;
    std::string key(length, 'a');
    state.upsert(key) = -1;
    for (size_t at = 0; at < length; ++at) {
      auto other = key;
      other[at] = 'b';
      state.upsert(other) = static_cast<long>(at);
    }
    CAPTURE(length);
    CHECK(*state.find(key) == -1);
    for (size_t at = 0; at < length; ++at) {
      auto other = key;
      other[at] = 'b';
      CHECK(*state.find(other) == static_cast<long>(at));
    }
    CHECK(state.find(key.substr(1)) == nullptr);
  }
}

TEST_CASE("a loader loads every value it was given once finished, the last "
          "load of a key winning, and none as a change") {
  eddy::keyed_state<long> state;
  state.reserve(1000);
  {
    eddy::keyed_state<long>::loader loader{state};
    for (long i = 0; i < 1000; ++i)
      loader.load("item_" + std::to_string(i), i);
    loader.load("item_3", 33);
    loader.finish();
  }
  CHECK(state.size() == 1000);
  CHECK(*state.find("item_3") == 33);
  CHECK(*state.find("item_999") == 999);
  CHECK(drained(state).empty());
}

TEST_CASE("a reserved table keeps the values it held") {
  eddy::keyed_state<long> state;
  state.upsert("a") = 1;
  state.load("b", 2);
  state.reserve(100'000);
  CHECK(*state.find("a") == 1);
  CHECK(*state.find("b") == 2);
  CHECK(drained(state) == std::map<std::string, long>{{"a", 1}});
}

TEST_CASE("values wider than a word (a window's counts) survive growth, and "
          "for_each visits every key once, for writing") {
  struct counts {
    int64_t succeeded = 0;
    int64_t failed = 0;
    int64_t volume = 0;
  };
  eddy::keyed_state<counts> state;
  constexpr int64_t keys = 20'000;
  for (int64_t i = 0; i < keys; ++i)
    state.upsert("item_" + std::to_string(i)) = {i, 2 * i, 3 * i};
  std::map<std::string, int64_t> seen;
  state.for_each([&](std::string_view key, counts& value) {
    CHECK(value.failed == 2 * value.succeeded);
    CHECK(value.volume == 3 * value.succeeded);
    seen[std::string{key}] += 1;
    value.volume = -1;
  });
  CHECK(seen.size() == keys);
  CHECK(std::all_of(seen.begin(), seen.end(),
                    [](auto& kv) { return kv.second == 1; }));
  CHECK(state.find("item_123")->volume == -1);
}

TEST_CASE("a table loaded in another table's slot order, as a restore of a "
          "whole window does, keeps its lookups short") {
  // With one hash for both tables, the restored one got long runs of
  // neighbouring hashes while it grew, and linear probing degenerated: a
  // restore of 2.5M such keys took minutes.
  eddy::keyed_state<long> written;
  for (long i = 0; i < 625'000; ++i)
    written.upsert("item_" + std::to_string(4 * i)) = i;
  // Just short of the restored table's growth past 2^19 slots, where its
  // runs were longest (63,035 slots with one hash).
  constexpr long loaded = 390'000;
  eddy::keyed_state<long> restored;
  long n = 0;
  written.for_each([&](std::string_view key, long& value) {
    if (n++ < loaded)
      restored.load(key, value);
  });
  CHECK(restored.size() == loaded);
  CHECK(restored.longest_probe() < 1000);
}
