// Unit tests for keyed_windows and its window_assigner, driven by hand-made
// event times and watermarks: tumbling and sliding assignment, firing in
// order, allowed lateness (firing again, purging) and late records.
#include "actors/keyed_windows.hpp"

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
#include "actors/window_assigner.hpp"

namespace {

using eddy::bounded_out_of_orderness;
using eddy::keyed_windows;
using eddy::window_assigner;

/// One fired window and its count.
struct fired {
  std::string key;
  int64_t start = 0;
  int64_t end = 0;
  int count = 0;
  friend bool operator==(const fired&, const fired&) = default;
};

// Printers so that failed checks show the windows.
std::ostream& operator<<(std::ostream& os, const std::vector<fired>& xs) {
  os << '{';
  for (auto& x : xs)
    os << ' ' << x.key << " [" << x.start << ", " << x.end << "): " << x.count
       << ';';
  return os << " }";
}

/// One window a record belongs to.
struct span {
  int64_t start = 0;
  int64_t end = 0;
  friend bool operator==(const span&, const span&) = default;
};

using bounds = std::vector<span>;

std::ostream& operator<<(std::ostream& os, const bounds& xs) {
  os << '{';
  for (auto& x : xs)
    os << " [" << x.start << ", " << x.end << ')';
  return os << " }";
}

/// Records what advance_to fires, or add fires again.
struct recorder {
  std::vector<fired> out;
  void operator()(std::string_view key, int64_t start, int64_t end,
                  const int& count) {
    out.push_back({std::string{key}, start, end, count});
  }
};

void count_one(int& n) {
  ++n;
}

/// The windows `assigner` puts `ts` in.
bounds windows_of(window_assigner assigner, int64_t ts) {
  bounds result;
  assigner.for_each_window(ts, [&](int64_t start, int64_t end) {
    result.push_back({start, end});
  });
  return result;
}

/// Feeds (ts, key) pairs through windows of 1000 ms with a watermark that
/// allows 100 ms of disorder, advancing after each record as an ingress
/// would.
struct event_time_run {
  keyed_windows<int> windows{{1000}};
  bounded_out_of_orderness watermark{100};
  recorder emitted;
  std::vector<bool> accepted;

  void feed(int64_t ts, const char* key) {
    accepted.push_back(windows.add(ts, key, count_one));
    watermark.observe(ts);
    windows.advance_to(watermark.current(), emitted);
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
  CHECK(run.emitted.out == std::vector<fired>{{"a", 0, 1000, 1},
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
        std::vector<fired>{{"a", 0, 1000, 2}, {"a", 1000, 2000, 1}});
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

TEST_CASE("a window fires once the watermark reaches its last millisecond") {
  keyed_windows<int> windows{{1000}};
  recorder emitted;
  windows.add(999, "a", count_one);
  windows.advance_to(998, emitted);
  CHECK(emitted.out.empty());
  windows.advance_to(999, emitted);
  CHECK(emitted.out == std::vector<fired>{{"a", 0, 1000, 1}});
}

TEST_CASE("the window watermark never goes backwards") {
  keyed_windows<int> windows{{1000}};
  recorder emitted;
  windows.advance_to(5000, emitted);
  windows.advance_to(3000, emitted);
  CHECK(windows.watermark() == 5000);
  CHECK_FALSE(windows.add(4500, "a", count_one));
}

TEST_CASE("open windows count each key in each window once") {
  keyed_windows<int> windows{{1000}};
  windows.add(10, "a", count_one);
  windows.add(20, "a", count_one);
  windows.add(30, "b", count_one);
  windows.add(1010, "a", count_one);
  CHECK(windows.open_windows() == 3);
  windows.advance_to(999, [](auto&&...) {});
  CHECK(windows.open_windows() == 1);
}

TEST_CASE("a drain visits the accumulators changed since the last one in "
          "every open window, not loaded ones nor those of closed windows") {
  keyed_windows<int> windows{{1000}};
  windows.load(2000, "loaded", 7);
  for (int i = 0; i < 3000; ++i) // grows the window's table
    windows.add(1500, "k" + std::to_string(i), count_one);
  windows.add(10, "closing", count_one);
  windows.add(2500, "b", count_one);
  windows.advance_to(999, [](auto&&...) {});
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
  window_assigner tumbling{1000};
  CHECK(tumbling.last_start(-1) == -1000);
  CHECK(tumbling.last_start(-1000) == -1000);
  CHECK(tumbling.last_start(0) == 0);
  CHECK(tumbling.last_start(1999) == 1000);
}

TEST_CASE("a slide of 0 or of the size makes tumbling windows: one per "
          "timestamp") {
  CHECK(windows_of({1000, 0}, 1500) == bounds{{1000, 2000}});
  CHECK(windows_of({1000, 1000}, 1500) == bounds{{1000, 2000}});
  CHECK(window_assigner{1000, 1000}.is_tumbling());
}

TEST_CASE("a sliding record belongs to every window holding it, each "
          "starting at a multiple of the slide") {
  CHECK(windows_of({1000, 250}, 1100) ==
        bounds{{250, 1250}, {500, 1500}, {750, 1750}, {1000, 2000}});
  // A window holds its start, not its end.
  CHECK(windows_of({1000, 250}, 1000) ==
        bounds{{250, 1250}, {500, 1500}, {750, 1750}, {1000, 2000}});
  CHECK(windows_of({1000, 250}, 999) ==
        bounds{{0, 1000}, {250, 1250}, {500, 1500}, {750, 1750}});
}

TEST_CASE("with a slide that does not divide the size, a record belongs to "
          "as many windows as hold it") {
  CHECK(windows_of({1000, 300}, 1100) ==
        bounds{{300, 1300}, {600, 1600}, {900, 1900}});
  CHECK(windows_of({1000, 300}, 900) ==
        bounds{{0, 1000}, {300, 1300}, {600, 1600}, {900, 1900}});
}

TEST_CASE("a negative timestamp belongs to the sliding windows starting at "
          "or before it, rounded down") {
  CHECK(windows_of({1000, 300}, -1) ==
        bounds{{-900, 100}, {-600, 400}, {-300, 700}});
  CHECK(windows_of({1000, 300}, -300) ==
        bounds{{-1200, -200}, {-900, 100}, {-600, 400}, {-300, 700}});
  CHECK(windows_of({1000, 250}, -1001) ==
        bounds{{-2000, -1000}, {-1750, -750}, {-1500, -500}, {-1250, -250}});
}

TEST_CASE("an assigner is valid with a positive size and a slide from 0 to "
          "the size") {
  CHECK(window_assigner{1000, 0}.is_valid());
  CHECK(window_assigner{1000, 1}.is_valid());
  CHECK(window_assigner{1000, 1000}.is_valid());
  CHECK_FALSE(window_assigner{0, 0}.is_valid());
  CHECK_FALSE(window_assigner{1000, -1}.is_valid());
  CHECK_FALSE(window_assigner{1000, 1001}.is_valid());
}

TEST_CASE("sliding windows count a record in each of its windows and fire "
          "each when the watermark reaches its end") {
  keyed_windows<int> windows{{1000, 500}};
  recorder emitted;
  windows.add(700, "a", count_one);  // [0, 1000) and [500, 1500)
  windows.add(1200, "a", count_one); // [500, 1500) and [1000, 2000)
  windows.add(-100, "b", count_one); // [-500, 500) and [-1000, 0)
  windows.advance_to(1499, emitted);
  CHECK(emitted.out == std::vector<fired>{{"b", -1000, 0, 1},
                                          {"b", -500, 500, 1},
                                          {"a", 0, 1000, 1},
                                          {"a", 500, 1500, 2}});
  CHECK(windows.open_windows() == 1); // a in [1000, 2000)
}

TEST_CASE("a record within the allowed lateness updates its fired window, "
          "which fires again at once with the new count") {
  keyed_windows<int> windows{{1000}, 500};
  recorder emitted;
  windows.add(100, "a", count_one);
  windows.advance_to(1200, emitted); // fires [0, 1000), kept until 1499
  recorder refired;
  CHECK(windows.add(300, "a", count_one, refired));
  CHECK(emitted.out == std::vector<fired>{{"a", 0, 1000, 1}});
  CHECK(refired.out == std::vector<fired>{{"a", 0, 1000, 2}});
}

TEST_CASE("a window fires once however far the watermark moves while it is "
          "kept") {
  keyed_windows<int> windows{{1000}, 500};
  recorder emitted;
  windows.add(100, "a", count_one);
  windows.advance_to(999, emitted);
  windows.advance_to(1200, emitted);
  windows.advance_to(1400, emitted);
  CHECK(emitted.out == std::vector<fired>{{"a", 0, 1000, 1}});
}

TEST_CASE("a record for a window not fired yet fires nothing at once") {
  keyed_windows<int> windows{{1000}, 500};
  recorder refired;
  windows.add(100, "a", count_one, refired);
  CHECK(refired.out.empty());
}

TEST_CASE("a fired window is kept until the watermark reaches its end minus "
          "one plus the lateness, then purged") {
  keyed_windows<int> windows{{1000}, 500};
  recorder emitted;
  windows.add(100, "a", count_one);
  windows.advance_to(1498, emitted);
  CHECK(windows.open_windows() == 1);
  CHECK(windows.add(200, "a", count_one));
  windows.advance_to(1499, emitted);
  CHECK(windows.open_windows() == 0);
}

TEST_CASE("a record whose windows are all purged is late and changes "
          "nothing") {
  keyed_windows<int> windows{{1000}, 500};
  windows.add(100, "a", count_one);
  windows.advance_to(1499, [](auto&&...) {});
  recorder refired;
  CHECK_FALSE(windows.add(999, "a", count_one, refired));
  CHECK(refired.out.empty());
  CHECK(windows.open_windows() == 0);
}

TEST_CASE("a sliding record in some purged and some kept windows updates the "
          "kept ones, fires the fired ones again and is not late") {
  keyed_windows<int> windows{{1000, 500}, 200};
  recorder emitted;
  windows.add(900, "a", count_one); // [0, 1000) and [500, 1500)
  // Fires both, purges [0, 1000) (999 + 200 <= 1499) and keeps [500, 1500)
  // until 1699.
  windows.advance_to(1499, emitted);
  recorder refired;
  CHECK(windows.add(800, "a", count_one, refired));
  CHECK(refired.out == std::vector<fired>{{"a", 500, 1500, 2}});
  CHECK(windows.open_windows() == 1);
}

TEST_CASE("a sliding record updates its windows not fired yet without "
          "firing them, and fires its fired ones again, by end") {
  keyed_windows<int> windows{{1000, 250}, 1000};
  windows.add(100, "a", count_one);          // [-750, 250) ... [0, 1000)
  windows.advance_to(499, [](auto&&...) {}); // fires up to [-500, 500)
  recorder refired;
  CHECK(windows.add(200, "a", count_one, refired));
  CHECK(refired.out ==
        std::vector<fired>{{"a", -750, 250, 2}, {"a", -500, 500, 2}});
  recorder emitted;
  windows.advance_to(999, emitted);
  CHECK(emitted.out ==
        std::vector<fired>{{"a", -250, 750, 2}, {"a", 0, 1000, 2}});
}

TEST_CASE("a window whose lateness the restored watermark passed is not "
          "loaded") {
  keyed_windows<int> windows{{1000}, 500};
  windows.restore_watermark(1499);
  windows.load(1000, "purged", 3);
  windows.load(2000, "kept", 4);
  CHECK(windows.open_windows() == 1);
}

TEST_CASE("windows fired before a restored watermark fire no more, the later "
          "ones do") {
  keyed_windows<int> windows{{1000}, 500};
  windows.restore_watermark(1200);
  windows.load(1000, "a", 3);
  windows.load(2000, "a", 4);
  recorder emitted;
  windows.advance_to(1999, emitted);
  CHECK(emitted.out == std::vector<fired>{{"a", 1000, 2000, 4}});
}

TEST_CASE("a watermark at the largest time fires and purges every window "
          "without overflowing") {
  keyed_windows<int> windows{{1000, 500}, 2000};
  recorder emitted;
  windows.add(100, "a", count_one);
  windows.advance_to(std::numeric_limits<int64_t>::max(), emitted);
  CHECK(emitted.out.size() == 2);
  CHECK(windows.open_windows() == 0);
}

TEST_CASE("the accumulators of one key are visited in every window held, by "
          "end") {
  keyed_windows<int> windows{{1000, 500}, 1000};
  windows.add(700, "a", count_one);
  windows.add(700, "b", count_one);
  windows.advance_to(999, [](auto&&...) {});
  std::vector<fired> seen;
  windows.for_each_window_of("a",
                             [&](int64_t start, int64_t end, const int& n) {
                               seen.push_back({"a", start, end, n});
                             });
  CHECK(seen == std::vector<fired>{{"a", 0, 1000, 1}, {"a", 500, 1500, 1}});
  CHECK(windows.has_fired(1000));
  CHECK_FALSE(windows.has_fired(1500));
}
