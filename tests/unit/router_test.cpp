// router: splitting by key, credit, and keeping batches until acknowledged.
#include "actors/router.hpp"

#include <string>

#include <doctest/doctest.h>

using namespace eddy;

namespace {

using string_router = router<std::string, int>;

string_router make(size_t max_batch, size_t credit) {
  return string_router{
      key_groups{4, 2}, max_batch, credit,
      [](const std::string& x) -> std::string_view { return x; }};
}

batch<std::string> keys(std::vector<std::string> xs, offset_t first = 0) {
  batch<std::string> result{{"s", 0}, {}, false};
  for (auto& x : xs)
    result.records.push_back({first++, x});
  return result;
}

} // namespace

TEST_CASE("records go to the partition that owns their key, in order") {
  auto r = make(100, 4);
  key_groups groups{4, 2};
  r.add(keys({"a", "b", "c", "d", "a"}));
  for (uint32_t p = 0; p < 2; ++p)
    for (auto* out : r.take_sendable(p)) {
      offset_t last = -1;
      for (auto& rec : out->records().records) {
        CHECK(groups.partition_of(rec.record) == p);
        CHECK(rec.offset > last);
        last = rec.offset;
      }
    }
}

TEST_CASE("no more batches are sent to a partition than its credit") {
  auto r = make(1, 2);
  r.add(keys({"a", "a", "a", "a"}));
  key_groups groups{4, 2};
  auto p = groups.partition_of("a");
  CHECK(r.take_sendable(p).size() == 2);
  CHECK(r.take_sendable(p).empty());
  r.acknowledge(p);
  CHECK(r.take_sendable(p).size() == 1);
}

TEST_CASE("batches stay until a checkpoint persists them, and a restart "
          "sends the applied ones again") {
  auto r = make(2, 4);
  r.add(keys({"a", "a", "a"}));
  key_groups groups{4, 2};
  auto p = groups.partition_of("a");
  REQUIRE(r.take_sendable(p).size() == 2);
  CHECK(r.buffered() == 3);
  r.acknowledge(p);
  CHECK(r.buffered() == 3);
  CHECK(r.unapplied() == 1);
  auto again = r.resend(p);
  REQUIRE(again.size() == 2);
  CHECK(again[0]->records().records.front().offset == 0);
  CHECK(again[1]->records().records.front().offset == 2);
  CHECK(r.unapplied() == 3);
  r.acknowledge(p);
  r.acknowledge(p);
  int released = 0;
  r.release(p, {{{"s", 0}, 1}}, [&](auto&) { ++released; });
  CHECK(released == 1);
  CHECK(r.buffered() == 1);
  r.release(p, {{{"s", 0}, 2}}, [&](auto&) { ++released; });
  CHECK(released == 2);
  CHECK(r.buffered() == 0);
}

TEST_CASE("a tagged batch is kept apart and wants its outputs") {
  auto r = make(100, 4);
  r.add(keys({"a"}));
  auto touched = r.add(keys({"a"}, 1), 7);
  REQUIRE(touched.size() == 1);
  auto sent = r.take_sendable(touched[0]);
  REQUIRE(sent.size() == 2);
  CHECK_FALSE(sent[0]->records().wants_outputs);
  CHECK(sent[1]->records().wants_outputs);
  CHECK(sent[1]->tag == 7);
}

TEST_CASE("a source may commit up to the first record not persisted") {
  auto r = make(1, 4);
  key_groups groups{4, 2};
  // Two keys on different partitions, so acknowledgements come apart.
  std::string a = "a";
  std::string b;
  for (int i = 0; b.empty() || groups.partition_of(b) == groups.partition_of(a);
       ++i)
    b = "key" + std::to_string(i);
  r.add(keys({a, b, a}, 10));
  auto pa = groups.partition_of(a);
  auto pb = groups.partition_of(b);
  r.take_sendable(pa);
  r.take_sendable(pb);
  CHECK(r.acknowledged().at({"s", 0}) == 9);
  auto persist = [&](uint32_t p, offset_t upto) {
    r.release(p, {{{"s", 0}, upto}}, [](auto&) {});
  };
  r.acknowledge(pa);                         // offset 10
  CHECK(r.acknowledged().at({"s", 0}) == 9); // applied, not persisted
  persist(pa, 10);
  CHECK(r.acknowledged().at({"s", 0}) == 10);
  r.acknowledge(pa); // offset 12, but 11 is still open
  persist(pa, 12);
  CHECK(r.acknowledged().at({"s", 0}) == 10);
  r.acknowledge(pb);
  persist(pb, 11);
  CHECK(r.acknowledged().at({"s", 0}) == 12);
}
