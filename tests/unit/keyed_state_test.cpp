// Tests of the partition's flat keyed state: values survive the table's
// growth, only changed keys are drained, loads are not changes, a cursor
// reads and writes with one lookup, a loader and a reserve lose nothing,
// for_each visits every key; erased keys are gone, drained as deletions,
// and their tombstones neither mislead lookups nor grow the table.
#include "actors/keyed_state.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

std::map<std::string, long> drained(eddy::keyed_state<long>& state) {
  std::map<std::string, long> result;
  state.drain_changes([&](std::string_view key, const long& value) {
    result.emplace(std::string{key}, value);
  });
  return result;
}

// The erased keys drained, in order, repeats kept.
std::vector<std::string> drained_erasures(eddy::keyed_state<long>& state) {
  std::vector<std::string> result;
  state.drain_erased([&](std::string_view key) { result.emplace_back(key); });
  return result;
}

// What a checkpoint writing key by key does to its store: the deletions,
// then the puts.
void checkpoint(eddy::keyed_state<long>& state,
                std::map<std::string, long>& store) {
  state.drain_erased(
      [&](std::string_view key) { store.erase(std::string{key}); });
  state.drain_changes([&](std::string_view key, const long& value) {
    store[std::string{key}] = value;
  });
}

std::map<std::string, long> contents(eddy::keyed_state<long>& state) {
  std::map<std::string, long> result;
  state.for_each([&](std::string_view key, long& value) {
    CHECK(result.emplace(std::string{key}, value).second);
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

TEST_CASE("loaded values are found but are not changes, a load overwrites") {
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

TEST_CASE("an erased key is no longer found or counted, and erasing a "
          "missing key answers false") {
  eddy::keyed_state<long> state;
  state.upsert("a") = 1;
  state.upsert("b") = 2;
  CHECK(state.erase("a"));
  CHECK(state.find("a") == nullptr);
  CHECK(state.lookup("a").value() == nullptr);
  CHECK(*state.find("b") == 2);
  CHECK(state.size() == 1);
  CHECK_FALSE(state.erase("a"));
  CHECK_FALSE(state.erase("never written"));
  CHECK(state.size() == 1);
}

TEST_CASE("an erased key is reported once as a deletion and not as a "
          "change") {
  eddy::keyed_state<long> state;
  state.upsert("persisted") = 1;
  state.upsert("kept") = 2;
  drained(state);
  state.upsert("new") = 3;
  state.erase("persisted");
  state.erase("new"); // changed since the drain, then erased
  state.erase("missing");
  CHECK(state.changed() >= 2);
  CHECK(drained_erasures(state) ==
        std::vector<std::string>{"persisted", "new"});
  CHECK(drained(state).empty());
  CHECK(drained_erasures(state).empty());
  CHECK(state.changed() == 0);
}

TEST_CASE("a key erased and written again before a checkpoint is present, "
          "starts from a fresh value and is reported as changed") {
  eddy::keyed_state<long> state;
  std::map<std::string, long> store;
  state.upsert("x") += 1;
  checkpoint(state, store);
  state.erase("x");
  state.upsert("x") += 5; // not 6: the old value went with the erase
  CHECK(*state.find("x") == 5);
  CHECK(state.size() == 1);
  // Deletions are written first, so the put wins.
  checkpoint(state, store);
  CHECK(store == std::map<std::string, long>{{"x", 5}});
}

TEST_CASE("forgetting changes also forgets erasures, as a checkpoint that "
          "writes the whole table does") {
  eddy::keyed_state<long> state;
  for (long i = 0; i < 10; ++i)
    state.upsert("k" + std::to_string(i)) = i;
  drained(state);
  for (long i = 0; i < 5; ++i)
    state.erase("k" + std::to_string(i));
  CHECK(state.changed() == 5);
  state.forget_changes();
  CHECK(state.changed() == 0);
  CHECK(drained_erasures(state).empty());
  CHECK(state.size() == 5);
}

TEST_CASE("for_each over the whole table skips erased keys") {
  eddy::keyed_state<long> state;
  std::map<std::string, long> odd;
  for (long i = 0; i < 1000; ++i) {
    auto key = (i % 3 == 0 ? std::string(40, 'x') : "item_") +
               std::to_string(i); // some keys too long for a slot
    state.upsert(key) = i;
    if (i % 2 == 0)
      state.erase(key);
    else
      odd[key] = i;
  }
  CHECK(contents(state) == odd);
  CHECK(state.size() == odd.size());
}

TEST_CASE("a key loaded into a table with erased keys is found and not "
          "reported as changed") {
  eddy::keyed_state<long> state;
  for (long i = 0; i < 100; ++i)
    state.upsert("k" + std::to_string(i)) = i;
  for (long i = 0; i < 100; ++i)
    state.erase("k" + std::to_string(i));
  state.load("k7", 70);
  state.load("loaded", 1);
  CHECK(*state.find("k7") == 70);
  CHECK(*state.find("loaded") == 1);
  CHECK(drained(state).empty());
  CHECK(drained_erasures(state).size() == 100);
}

TEST_CASE("lookups, sizes and drains stay right across many random "
          "erasures, writes and loads, through growth and rehashes") {
  // Against std::unordered_map, with a store fed by checkpoints as a
  // partition's is; some keys too long for a slot. Keys are drawn from a
  // window that slides on, and those it leaves behind are erased, as
  // expiry does: their tombstones fill the table until it rehashes.
  std::mt19937_64 rng{7};
  std::vector<std::string> keys;
  for (int i = 0; i < 400'000; ++i)
    keys.push_back(i % 5 == 0
                       ? "a_key_longer_than_a_slot_holds_" + std::to_string(i)
                       : "item_" + std::to_string(i));
  eddy::keyed_state<long> state;
  std::unordered_map<std::string, long> model;
  std::map<std::string, long> store;
  std::set<std::string> erased_since; // the last checkpoint
  auto erase = [&](const std::string& key) {
    CHECK(state.erase(key) == (model.erase(key) == 1));
    erased_since.insert(key);
  };
  struct phase {
    size_t window;
    int erase_percent;
  };
  // Growth, then churn in a smaller window, then growth again.
  const phase phases[] = {{20'000, 10}, {5'000, 50}, {5'000, 90}, {30'000, 20}};
  long op = 0;
  size_t base = 0; // the window's first key
  for (auto [window, erase_percent] : phases) {
    for (int n = 0; n < 300'000; ++n, ++op) {
      if (op % 4 == 0)
        erase(keys[base++]);
      auto& key = keys[base + rng() % window];
      auto dice = static_cast<int>(rng() % 100);
      if (dice < erase_percent) {
        erase(key);
      } else if (dice < erase_percent + 2 && !erased_since.count(key)) {
        // A restore loads what the store holds, so never a key erased
        // since the store was last written.
        state.load(key, op);
        model[key] = op;
        store[key] = op;
      } else {
        auto cursor = state.lookup(key);
        auto found = model.find(key);
        REQUIRE((cursor.value() != nullptr) == (found != model.end()));
        if (found != model.end())
          REQUIRE(*cursor.value() == found->second);
        cursor.write() = op;
        model[key] = op;
      }
      if (op % 50'000 == 0) {
        checkpoint(state, store);
        erased_since.clear();
        CHECK(std::map<std::string, long>(model.begin(), model.end()) == store);
      }
      if (op % 97'000 == 0)
        state.reserve(state.size() * 3);
    }
    CHECK(state.size() == model.size());
    for (size_t i = 0; i < base + window; ++i) {
      auto* value = state.find(keys[i]);
      auto found = model.find(keys[i]);
      REQUIRE((value != nullptr) == (found != model.end()));
      if (value)
        CHECK(*value == found->second);
    }
    CHECK(contents(state) ==
          std::map<std::string, long>(model.begin(), model.end()));
    CHECK(state.longest_probe() < 1000);
  }
  checkpoint(state, store);
  CHECK(std::map<std::string, long>(model.begin(), model.end()) == store);
}

TEST_CASE("a table whose keys churn at a steady count does not grow") {
  // Each step writes a new key and erases the oldest: every erasure
  // leaves a tombstone, and the table must reuse or drop them.
  eddy::keyed_state<long> state;
  constexpr long live = 10'000;
  auto key = [](long i) { return "id_" + std::to_string(i); };
  for (long i = 0; i < live; ++i)
    state.upsert(key(i)) = i;
  size_t most_slots = 0;
  constexpr long steps = 1'000'000;
  for (long i = live; i < steps; ++i) {
    state.upsert(key(i)) = i;
    state.erase(key(i - live));
    if (i % 1000 == 0) {
      drained_erasures(state);
      drained(state);
    }
    most_slots = std::max(most_slots, state.capacity());
  }
  CHECK(state.size() == live);
  // 10k keys fill more than half of 2^14 slots, less than half of 2^15.
  CHECK(most_slots <= 32'768);
  CHECK(*state.find(key(steps - 1)) == steps - 1);
  CHECK(state.find(key(steps - live - 1)) == nullptr);
  CHECK(state.longest_probe() < 1000);
}
