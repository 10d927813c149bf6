// Tests of map_in_parallel: every index once, results in index order.
#include "actors/map_in_parallel.hpp"

#include <doctest/doctest.h>

#include <mutex>
#include <set>
#include <vector>

TEST_CASE("map_in_parallel answers f(i) for every i in order, each once") {
  std::mutex mtx;
  std::multiset<size_t> called;
  auto results = eddy::map_in_parallel(100, 4, [&](size_t i) {
    std::lock_guard guard{mtx};
    called.insert(i);
    return i * i;
  });
  REQUIRE(results.size() == 100);
  for (size_t i = 0; i < results.size(); ++i)
    CHECK(results[i] == i * i);
  CHECK(called.size() == 100);
  for (size_t i = 0; i < 100; ++i)
    CHECK(called.count(i) == 1);
}

TEST_CASE("map_in_parallel of nothing, or with more threads than work") {
  CHECK(eddy::map_in_parallel(0, 4, [](size_t i) { return i; }).empty());
  CHECK(eddy::map_in_parallel(2, 16, [](size_t i) { return i + 1; }) ==
        std::vector<size_t>{1, 2});
}
