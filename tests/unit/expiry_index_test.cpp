// Tests of the expiry index: keys come back once their time bucket has
// ended, never before their time, in time order, once per scheduling, and
// the index's memory follows the keys scheduled, not the keys ever seen.
#include "actors/expiry_index.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "actors/keyed_state.hpp"

using namespace std::chrono_literals;

namespace {

std::vector<std::string> expire(eddy::expiry_index& index, int64_t now) {
  std::vector<std::string> result;
  auto n = index.expire_until(
      now, [&](std::string_view key) { result.emplace_back(key); });
  CHECK(n == result.size());
  return result;
}

using keys = std::vector<std::string>;

} // namespace

TEST_CASE("a key is visited once the bucket of its expiry has ended, and "
          "then forgotten") {
  eddy::expiry_index index{1s};
  index.schedule("a", 1500); // bucket [1000, 2000)
  index.schedule("b", 2000); // bucket [2000, 3000)
  CHECK(index.size() == 2);
  CHECK(expire(index, 1999).empty());
  CHECK(expire(index, 2000) == keys{"a"});
  CHECK(index.size() == 1);
  CHECK(expire(index, 2999).empty());
  CHECK(expire(index, 3000) == keys{"b"});
  CHECK(index.size() == 0);
  CHECK(expire(index, 100'000).empty());
}

TEST_CASE("no key is visited before its expiry, and every key is visited "
          "within one bucket width after it") {
  eddy::expiry_index index{250ms};
  std::mt19937_64 rng{3};
  std::map<std::string, int64_t> expiry;
  for (int i = 0; i < 20'000; ++i) {
    auto key = "id_" + std::to_string(i);
    auto at = static_cast<int64_t>(rng() % 100'000) - 50'000;
    expiry[key] = at;
    index.schedule(key, at);
  }
  for (int64_t now = -60'000; now <= 60'000; now += 37) {
    for (auto& key : expire(index, now)) {
      CHECK(expiry.at(key) < now);
      CHECK(expiry.at(key) >= now - 250 - 37);
      expiry.erase(key);
    }
  }
  CHECK(expiry.empty());
  CHECK(index.size() == 0);
}

TEST_CASE("keys expire bucket by bucket in time order, within a bucket in "
          "the order scheduled") {
  eddy::expiry_index index{10ms};
  index.schedule("late", 95);
  index.schedule("early", 3);
  index.schedule("middle", 51);
  index.schedule("early too", 9);
  index.schedule("before time 0", -1);
  CHECK(expire(index, 1000) ==
        keys{"before time 0", "early", "early too", "middle", "late"});
}

TEST_CASE("a key scheduled again is visited once per scheduling, so the "
          "caller's stored expiry decides whether it goes") {
  eddy::expiry_index index{1s};
  eddy::keyed_state<int64_t> expires_at; // a deduplication's seen ids
  auto see = [&](std::string_view id, int64_t now) {
    expires_at.upsert(id) = now + 5000;
    index.schedule(id, now + 5000);
  };
  auto expire_seen = [&](int64_t now) {
    keys visited;
    index.expire_until(now, [&](std::string_view id) {
      visited.emplace_back(id);
      if (auto* at = expires_at.find(id); at && *at <= now)
        expires_at.erase(id);
    });
    return visited;
  };
  see("id", 0);
  see("id", 3000); // seen again: now expires at 8000
  CHECK(expire_seen(6000) == keys{"id"});
  CHECK(expires_at.find("id") != nullptr);
  CHECK(expire_seen(9000) == keys{"id"});
  CHECK(expires_at.find("id") == nullptr);
}

TEST_CASE("next_due is when the earliest bucket ends") {
  eddy::expiry_index index{1s};
  CHECK_FALSE(index.next_due().has_value());
  index.schedule("a", 4200);
  index.schedule("b", 1200);
  CHECK(index.next_due() == 2000);
  CHECK(expire(index, *index.next_due()) == keys{"b"});
  CHECK(index.next_due() == 5000);
}

TEST_CASE("a key scheduled while expiring into a bucket that has ended is "
          "visited in the same call") {
  eddy::expiry_index index{1s};
  index.schedule("first", 100);
  keys visited;
  index.expire_until(5000, [&](std::string_view key) {
    visited.emplace_back(key);
    if (key == "first")
      index.schedule("again", 200); // the bucket being visited
  });
  CHECK(visited == keys{"first", "again"});
  CHECK(index.size() == 0);
}

TEST_CASE("keys of every length come back intact") {
  eddy::expiry_index index{1s};
  keys scheduled;
  for (size_t length : {0, 1, 127, 128, 300, 16'384, 70'000})
    scheduled.push_back(std::string(length, 'k') + "!");
  scheduled.push_back("");
  for (auto& key : scheduled)
    index.schedule(key, 10);
  CHECK(expire(index, 1000) == scheduled);
}

TEST_CASE("clear forgets every key") {
  eddy::expiry_index index{1s};
  index.schedule("a", 10);
  index.schedule("b", 10'000);
  index.clear();
  CHECK(index.size() == 0);
  CHECK(index.bytes_held() == 0);
  CHECK(expire(index, 100'000).empty());
  index.schedule("c", 10);
  CHECK(expire(index, 100'000) == keys{"c"});
}

TEST_CASE("memory stays bounded while keys churn") {
  // 10k new ids a second, each kept for 10 s, expired every second: the
  // index holds about 11 buckets of 10k keys however long it runs.
  eddy::expiry_index index{1s};
  constexpr int per_second = 10'000;
  long id = 0;
  size_t most_bytes = 0;
  for (int64_t second = 0; second < 300; ++second) {
    auto now = second * 1000;
    for (int i = 0; i < per_second; ++i)
      index.schedule("id_" + std::to_string(id++), now + 10'000 + i % 1000);
    expire(index, now);
    if (second >= 20) {
      CHECK(index.size() <= 11 * per_second);
      most_bytes = std::max(most_bytes, index.bytes_held());
    }
  }
  // "id_" and 7 digits, a length byte, up to twice that as slack.
  CHECK(most_bytes <= 11 * per_second * 2 * 11 + 11 * 1024);
  CHECK(most_bytes >= 10 * per_second * 11);
}
