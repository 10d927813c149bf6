// Unit tests for the plain window classes: tumbling_windows and the
// bounded-out-of-orderness watermark, driven by hand-made event times.
#include "actors/tumbling_windows.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "actors/watermark.hpp"

namespace {

using eddy::bounded_out_of_orderness;
using eddy::tumbling_windows;

/// One emitted window and its count.
struct closed {
  std::string key;
  int64_t start = 0;
  int64_t end = 0;
  int count = 0;
  friend bool operator==(const closed&, const closed&) = default;
};

// Printer so that failed checks show the windows.
std::ostream& operator<<(std::ostream& os, const std::vector<closed>& xs) {
  os << '{';
  for (auto& x : xs)
    os << ' ' << x.key << " [" << x.start << ", " << x.end << "): " << x.count
       << ';';
  return os << " }";
}

struct recorder {
  std::vector<closed> out;
  void operator()(std::string_view key, int64_t start, int64_t end,
                  int&& count) {
    out.push_back({std::string{key}, start, end, count});
  }
};

void count_one(int& n) {
  ++n;
}

/// Feeds (ts, key) pairs through windows of 1000 ms with a watermark that
/// allows 100 ms of disorder, advancing after each record as the window
/// operator does: to watermark + 1, since a watermark W promises that no
/// record at or before W is still coming (so [s, e) is complete at W = e - 1).
struct event_time_run {
  tumbling_windows<int> windows{1000};
  bounded_out_of_orderness watermark{100};
  recorder emitted;
  std::vector<bool> accepted;

  void feed(int64_t ts, const char* key) {
    accepted.push_back(windows.add(ts, key, count_one));
    watermark.observe(ts);
    windows.advance_to(watermark.current() + 1, emitted);
  }
};

} // namespace

TEST_CASE("windows of several keys are emitted once the watermark passes "
          "their end, ordered by window end then key") {
  event_time_run run;
  run.feed(100, "b");
  run.feed(200, "a");
  run.feed(950, "b");
  run.feed(1100, "a"); // watermark 999: closes [0, 1000)
  run.feed(1500, "c");
  run.feed(2050, "b"); // watermark 1949: nothing new closes
  run.feed(3100, "a"); // watermark 2999: closes [1000, 2000) and [2000, 3000)
  CHECK(run.emitted.out == std::vector<closed>{{"a", 0, 1000, 1},
                                               {"b", 0, 1000, 2},
                                               {"a", 1000, 2000, 1},
                                               {"c", 1000, 2000, 1},
                                               {"b", 2000, 3000, 1}});
}

TEST_CASE("a record out of order within the bound is counted in its window") {
  event_time_run run;
  run.feed(900, "a");
  run.feed(1050, "a"); // watermark 949: [0, 1000) still open
  run.feed(980, "a");  // 70 ms behind the newest record
  run.feed(2100, "a"); // watermark 1999: closes [0, 1000) and [1000, 2000)
  CHECK(run.emitted.out ==
        std::vector<closed>{{"a", 0, 1000, 2}, {"a", 1000, 2000, 1}});
}

TEST_CASE("a record whose window was already emitted is rejected and changes "
          "nothing") {
  event_time_run run;
  run.feed(500, "a");
  run.feed(1200, "a"); // watermark 1099: closes [0, 1000)
  auto open_before = run.windows.open_windows();
  run.feed(999, "a");
  CHECK(run.accepted == std::vector<bool>{true, true, false});
  CHECK(run.windows.open_windows() == open_before);
}

TEST_CASE("a window ending exactly at the watermark is closed") {
  tumbling_windows<int> windows{1000};
  recorder emitted;
  windows.add(999, "a", count_one);
  windows.advance_to(999, emitted);
  CHECK(emitted.out.empty());
  windows.advance_to(1000, emitted);
  CHECK(emitted.out == std::vector<closed>{{"a", 0, 1000, 1}});
}

TEST_CASE("the window watermark never goes backwards") {
  tumbling_windows<int> windows{1000};
  recorder emitted;
  windows.advance_to(5000, emitted);
  windows.advance_to(3000, emitted);
  CHECK(windows.watermark() == 5000);
  CHECK_FALSE(windows.add(4500, "a", count_one));
}

TEST_CASE("open windows count each key in each window once") {
  tumbling_windows<int> windows{1000};
  windows.add(10, "a", count_one);
  windows.add(20, "a", count_one);
  windows.add(30, "b", count_one);
  windows.add(1010, "a", count_one);
  CHECK(windows.open_windows() == 3);
  windows.advance_to(1000, [](auto&&...) {});
  CHECK(windows.open_windows() == 1);
}

TEST_CASE("a drain visits the accumulators changed since the last one in "
          "every open window, not loaded ones nor those of closed windows") {
  tumbling_windows<int> windows{1000};
  windows.load(2000, "loaded", 7);
  for (int i = 0; i < 3000; ++i) // grows the window's table
    windows.add(1500, "k" + std::to_string(i), count_one);
  windows.add(10, "closing", count_one);
  windows.add(2500, "b", count_one);
  windows.advance_to(1000, [](auto&&...) {});
  std::map<std::pair<int64_t, std::string>, int> changed;
  auto drain = [&] {
    windows.for_each_window([&](int64_t end, eddy::keyed_state<int>& keys) {
      keys.drain_changes([&](std::string_view key, const int& n) {
        changed[{end, std::string{key}}] = n;
      });
    });
  };
  drain();
  CHECK(changed.size() == 3001);
  CHECK(changed.at({2000, "k2999"}) == 1);
  CHECK(changed.at({3000, "b"}) == 1);
  CHECK(changed.count({1000, "closing"}) == 0);
  CHECK(changed.count({2000, "loaded"}) == 0);
  changed.clear();
  windows.add(1600, "k5", count_one);
  drain();
  CHECK(changed ==
        std::map<std::pair<int64_t, std::string>, int>{{{2000, "k5"}, 2}});
}

TEST_CASE("a negative timestamp falls in the window starting at or before "
          "it") {
  tumbling_windows<int> windows{1000};
  CHECK(windows.window_start(-1) == -1000);
  CHECK(windows.window_start(-1000) == -1000);
  CHECK(windows.window_start(0) == 0);
  CHECK(windows.window_start(1999) == 1000);
}

TEST_CASE("the watermark is INT64_MIN before any record") {
  bounded_out_of_orderness watermark{5000};
  CHECK(watermark.current() == std::numeric_limits<int64_t>::min());
}

TEST_CASE("the watermark trails the newest timestamp by the delay plus one "
          "and ignores older ones") {
  bounded_out_of_orderness watermark{5000};
  watermark.observe(20000);
  watermark.observe(12000);
  CHECK(watermark.current() == 14999);
}
