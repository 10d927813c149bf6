// Unit tests for window_operator driven directly, without actors: the
// watermark taken from input batches, sliding windows, late records within
// and past the allowed lateness, snapshots through a real state_store, and
// reads from other threads. Uses a count-per-user logic, not a real job.
#include "actors/window_operator.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <limits>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "actors/watermark.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

using namespace std::chrono_literals;
using eddy::no_watermark;
using eddy::output_batch;
using eddy::window_options;

/// A click by a user at an event time.
struct click {
  std::string user;
  int64_t time = 0;
  friend bool operator==(const click&, const click&) = default;
};

struct user_count {
  std::string user;
  int64_t start = 0;
  int64_t end = 0;
  uint64_t clicks = 0;
  friend bool operator==(const user_count&, const user_count&) = default;
};

/// A window of one user as read_concurrently answers it.
struct read_window {
  int64_t start = 0;
  int64_t end = 0;
  uint64_t clicks = 0;
  bool has_fired = false;
  friend bool operator==(const read_window&, const read_window&) = default;
};

// Printers so that failed checks show the records.
std::ostream& operator<<(std::ostream& os, const click& x) {
  return os << x.user << '@' << x.time;
}

std::ostream& operator<<(std::ostream& os, const user_count& x) {
  return os << x.user << " [" << x.start << ", " << x.end << "): " << x.clicks;
}

std::ostream& operator<<(std::ostream& os, const read_window& x) {
  return os << '[' << x.start << ", " << x.end << "): " << x.clicks
            << (x.has_fired ? " (fired)" : "");
}

template <class T>
std::ostream& operator<<(std::ostream& os, const std::vector<T>& xs) {
  os << '{';
  for (auto& x : xs)
    os << ' ' << x << ';';
  return os << " }";
}

/// Counts clicks per user and window; can run a hook before each count, so
/// a test can hold a batch in the middle of being applied.
struct click_count_logic {
  using input = click;
  using accumulator = uint64_t;
  using result = user_count;

  std::function<void()> before_accumulate;

  bool select(const click& x, int64_t& event_time,
              std::string_view& key) const {
    event_time = x.time;
    key = x.user;
    return true;
  }

  void accumulate(uint64_t& n, const click&) const {
    if (before_accumulate)
      before_accumulate();
    ++n;
  }

  static void encode(const uint64_t& n, std::string& out) {
    out = std::to_string(n);
  }

  static caf::expected<uint64_t> decode(std::string_view bytes) {
    uint64_t n = 0;
    auto [end, err] =
        std::from_chars(bytes.data(), bytes.data() + bytes.size(), n);
    if (err != std::errc{} || end != bytes.data() + bytes.size())
      return eddy::make_error(eddy::ec::storage_failure, "not a count");
    return n;
  }

  std::optional<user_count> finish(std::string_view key, int64_t start,
                                   int64_t end, const uint64_t& n) const {
    return user_count{std::string{key}, start, end, n};
  }
};

using operator_t = eddy::window_operator<click_count_logic>;

constexpr const char* family = "clicks";

window_options event_time(int64_t size_ms, int64_t slide_ms = 0,
                          int64_t allowed_lateness_ms = 0) {
  window_options options;
  options.size_ms = size_ms;
  options.slide_ms = slide_ms;
  options.allowed_lateness_ms = allowed_lateness_ms;
  options.time = window_options::time_mode::event;
  return options;
}

operator_t make_operator(const window_options& options,
                         click_count_logic logic = {}) {
  return operator_t{options, family, std::move(logic), nullptr};
}

/// What one batch made the operator emit.
struct applied {
  std::vector<click> late;
  std::vector<user_count> results;
};

applied apply(operator_t& op, std::vector<click> clicks, int64_t watermark,
              int64_t processing_time = 0) {
  output_batch<click> in;
  in.records = std::move(clicks);
  in.watermark = watermark;
  in.processing_time = processing_time;
  applied out;
  op.apply(in, out.late, out.results);
  return out;
}

std::vector<read_window> read(const operator_t& op, std::string_view key) {
  auto found = op.read_concurrently(key, 1s);
  REQUIRE_MESSAGE(found, eddy::describe(found.error()));
  std::vector<read_window> result;
  for (auto& w : *found)
    result.push_back({w.start, w.end, w.accumulator, w.has_fired});
  return result;
}

/// A real store in a temporary directory.
struct store_fixture {
  eddy::test::temp_dir dir;
  std::shared_ptr<eddy::state_store> store = open();

  std::shared_ptr<eddy::state_store> open() {
    auto result = eddy::state_store::open(dir.path(), {family});
    REQUIRE_MESSAGE(result, eddy::describe(result.error()));
    return *result;
  }

  void checkpoint(operator_t& op) {
    auto snap = op.take_snapshot(0);
    auto ok = store->write(snap.writes);
    REQUIRE_MESSAGE(ok, eddy::describe(ok.error()));
  }

  operator_t restored(const window_options& options) {
    auto op = make_operator(options);
    auto ok = op.restore(*store, 0);
    REQUIRE_MESSAGE(ok, eddy::describe(ok.error()));
    return op;
  }

  /// How many single window keys the store holds for operator 0.
  size_t stored_windows() {
    size_t count = 0;
    auto ok = store->scan(family, eddy::layout::window_prefix(0),
                          [&](std::string_view, std::string_view) { ++count; });
    REQUIRE(ok);
    return count;
  }
};

} // namespace

TEST_CASE("a batch's watermark fires the windows whose last millisecond it "
          "reaches, after counting the batch's records") {
  auto op = make_operator(event_time(1000));
  auto out = apply(op, {{"a", 100}, {"a", 999}, {"b", 1000}}, 999);
  CHECK(out.results == std::vector<user_count>{{"a", 0, 1000, 2}});
}

TEST_CASE("a batch without records advances the watermark") {
  auto op = make_operator(event_time(1000));
  CHECK(apply(op, {{"a", 100}}, no_watermark).results.empty());
  CHECK(apply(op, {}, 999).results ==
        std::vector<user_count>{{"a", 0, 1000, 1}});
  CHECK(op.watermark() == 999);
}

TEST_CASE("a batch's watermark behind the operator's changes nothing") {
  auto op = make_operator(event_time(1000));
  apply(op, {}, 1999);
  apply(op, {{"a", 2500}}, 500);
  CHECK(op.watermark() == 1999);
  CHECK(op.counters().watermark_ms == 1999);
}

TEST_CASE("sliding windows emit a result for every window holding the "
          "records, by end") {
  auto op = make_operator(event_time(1000, 500));
  auto out = apply(op, {{"a", 700}, {"a", 1200}}, 1499);
  CHECK(out.results ==
        std::vector<user_count>{{"a", 0, 1000, 1}, {"a", 500, 1500, 2}});
}

TEST_CASE("a late record within the allowed lateness emits its window's "
          "updated result at once") {
  auto op = make_operator(event_time(1000, 0, 500));
  REQUIRE(apply(op, {{"a", 100}}, 999).results.size() == 1);
  auto out = apply(op, {{"a", 300}}, 1000);
  CHECK(out.late.empty());
  CHECK(out.results == std::vector<user_count>{{"a", 0, 1000, 2}});
}

TEST_CASE("the counters report windows fired again by late records apart "
          "from windows fired by the watermark") {
  auto op = make_operator(event_time(1000, 0, 500));
  apply(op, {{"a", 100}}, 999);
  apply(op, {{"a", 300}, {"a", 400}}, 1000);
  CHECK(op.counters().windows_closed == 1);
  CHECK(op.counters().windows_refired == 2);
  CHECK(op.counters().windows_emitted == 3);
}

TEST_CASE("a record whose windows were purged goes to the late output and is "
          "counted") {
  auto op = make_operator(event_time(1000, 0, 500));
  apply(op, {{"a", 100}}, 1499);
  auto out = apply(op, {{"a", 300}}, no_watermark);
  CHECK(out.late == std::vector<click>{{"a", 300}});
  CHECK(out.results.empty());
  CHECK(op.counters().late_records == 1);
}

TEST_CASE("in processing time a record counts at its batch's time, windows "
          "fire on the clock and batch watermarks are ignored") {
  window_options options;
  options.size_ms = 1000;
  options.allowed_lateness_ms = 500;
  auto op = make_operator(options);
  CHECK(apply(op, {{"a", 5}}, 100000, 1500).results.empty());
  std::vector<user_count> results;
  op.close_until(2000, results);
  CHECK(results == std::vector<user_count>{{"a", 1000, 2000, 1}});
  CHECK(op.windows().open_windows() == 0); // no lateness in processing time
}

TEST_CASE_FIXTURE(store_fixture,
                  "sliding windows with lateness survive a snapshot: the "
                  "fired ones fire again only when a late record updates "
                  "them, the others fire once") {
  auto options = event_time(1000, 500, 1000);
  auto before = restored(options);
  // a in [0, 1000) and [500, 1500), b in [500, 1500) and [1000, 2000); the
  // first two windows fire, all are kept.
  REQUIRE(apply(before, {{"a", 700}, {"b", 1200}}, 1499).results.size() == 3);
  checkpoint(before);
  auto after = restored(options);
  CHECK(after.watermark() == 1499);
  CHECK(after.windows().open_windows() == 4);
  auto out = apply(after, {{"a", 900}}, 2100);
  CHECK(out.results == std::vector<user_count>{{"a", 0, 1000, 2},
                                               {"a", 500, 1500, 2},
                                               {"b", 1000, 2000, 1}});
}

TEST_CASE_FIXTURE(store_fixture,
                  "a snapshot deletes the windows purged since the last one "
                  "from the store") {
  auto options = event_time(1000, 0, 500);
  auto op = restored(options);
  apply(op, {{"a", 100}, {"b", 1100}}, 999); // [0, 1000) fired and kept
  checkpoint(op);
  REQUIRE(stored_windows() == 2);
  apply(op, {}, 1499); // purges [0, 1000)
  checkpoint(op);
  CHECK(stored_windows() == 1);
}

TEST_CASE_FIXTURE(store_fixture,
                  "a watermark in the format written before sliding windows "
                  "restores the windows it had closed as purged") {
  // "closed newest": windows ending at or before 1000 had closed.
  REQUIRE(
      store->write({{family, eddy::layout::watermark_key(0), "1000 1101"},
                    {family, eddy::layout::window_key(0, 2000, "a"), "3"}}));
  auto op = restored(event_time(1000));
  CHECK(op.watermark() == 999);
  CHECK(apply(op, {{"a", 500}}, no_watermark).late ==
        std::vector<click>{{"a", 500}});
  CHECK(apply(op, {}, 1999).results ==
        std::vector<user_count>{{"a", 1000, 2000, 3}});
}

TEST_CASE_FIXTURE(store_fixture,
                  "an undecodable watermark fails the restore with "
                  "storage_failure") {
  REQUIRE(store->write({{family, eddy::layout::watermark_key(0), "12x"}}));
  auto op = make_operator(event_time(1000));
  auto ok = op.restore(*store, 0);
  REQUIRE_FALSE(ok);
  CHECK(ok.error() == eddy::ec::storage_failure);
}

TEST_CASE("a read answers every window held for a key, fired or not, by end") {
  auto op = make_operator(event_time(1000, 500, 1000));
  apply(op, {{"a", 700}, {"a", 800}, {"b", 700}}, 999);
  CHECK(read(op, "a") ==
        std::vector<read_window>{{0, 1000, 2, true}, {500, 1500, 2, false}});
}

TEST_CASE("a read of a key without windows answers none") {
  auto op = make_operator(event_time(1000));
  apply(op, {{"a", 700}}, no_watermark);
  CHECK(read(op, "b").empty());
}

TEST_CASE("a read while a batch is being applied waits for it, then fails "
          "with timeout") {
  std::promise<void> entered;
  std::promise<void> release;
  auto released = release.get_future().share();
  std::atomic<bool> is_first{true};
  click_count_logic logic;
  logic.before_accumulate = [&] {
    if (is_first.exchange(false)) {
      entered.set_value();
      released.wait();
    }
  };
  auto op = make_operator(event_time(1000), std::move(logic));
  std::thread applier{[&] { apply(op, {{"a", 100}}, no_watermark); }};
  entered.get_future().wait();
  auto found = op.read_concurrently("a", 20ms);
  release.set_value();
  applier.join();
  REQUIRE_FALSE(found);
  CHECK(found.error() == eddy::ec::timeout);
}

TEST_CASE("a read from another thread sees whole batches, never half of "
          "one") {
  auto op = make_operator(event_time(1000, 250, 1000));
  std::atomic<bool> is_done{false};
  std::atomic<int> torn{0};
  std::thread reader{[&] {
    while (!is_done.load())
      for (auto& w : read(op, "a"))
        if (w.clicks % 2 != 0)
          ++torn;
  }};
  // Every batch counts two clicks of a in the same windows, far apart
  // (other users' clicks between them grow the tables), and moves the
  // watermark so that windows fire and are purged meanwhile.
  for (int64_t i = 0; i < 300; ++i) {
    std::vector<click> clicks{{"a", i * 10}};
    for (int other = 0; other < 200; ++other)
      clicks.push_back({"user_" + std::to_string(other), i * 10});
    clicks.push_back({"a", i * 10});
    apply(op, std::move(clicks), i * 10 - 500);
  }
  is_done = true;
  reader.join();
  CHECK(torn.load() == 0);
}

TEST_CASE_FIXTURE(store_fixture,
                  "a persisted watermark at the end of time is dropped on "
                  "restore: later records are not late") {
  REQUIRE(store->write(
      {{family, eddy::layout::watermark_key(0),
        std::to_string(std::numeric_limits<int64_t>::max() - 1)}}));
  auto op = make_operator(event_time(1000));
  REQUIRE(op.restore(*store, 0, eddy::future_limit(1'700'000'000'000, 1h)));
  CHECK(op.dropped_watermark() == std::numeric_limits<int64_t>::max() - 1);
  CHECK(op.watermark() == no_watermark);
  auto out = apply(op, {{"a", 500}}, 999);
  CHECK(out.late.empty());
  CHECK(out.results == std::vector<user_count>{{"a", 0, 1000, 1}});
}
