// Tests of the window actor in a real actor system: results and late records
// reach their consumers, replies wait for downstream, processing-time
// windows close on the timer, open windows survive a restart through a
// checkpoint. Uses a count-per-key logic, not a real job.
#include "actors/window.hpp"

#include <doctest/doctest.h>

#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"
#include "caf/exit_reason.hpp"
#include "caf/expected.hpp"
#include "caf/scoped_actor.hpp"
#include "caf/send.hpp"
#include "caf/system_messages.hpp"

#include "tests/support/temp_dir.hpp"

namespace {

using namespace std::chrono_literals;
using eddy::output_batch;
using eddy::window_options;

/// A click by a user at an event time; only `counted` clicks are aggregated.
struct click {
  std::string user;
  int64_t time = 0;
  bool counted = true;
  friend bool operator==(const click&, const click&) = default;
};

struct user_count {
  std::string user;
  int64_t start = 0;
  int64_t end = 0;
  uint64_t clicks = 0;
  friend bool operator==(const user_count&, const user_count&) = default;
};

// Printers so that failed checks show the records.
std::ostream& operator<<(std::ostream& os, const click& x) {
  return os << x.user << '@' << x.time << (x.counted ? "" : " (skipped)");
}

std::ostream& operator<<(std::ostream& os, const user_count& x) {
  return os << x.user << " [" << x.start << ", " << x.end << "): " << x.clicks;
}

template <class T>
std::ostream& operator<<(std::ostream& os, const std::vector<T>& xs) {
  os << '{';
  for (auto& x : xs)
    os << ' ' << x << ';';
  return os << " }";
}

/// Counts the counted clicks per user and window.
struct click_count_logic {
  using input = click;
  using accumulator = uint64_t;
  using result = user_count;

  bool select(const click& x, int64_t& event_time,
              std::string_view& key) const {
    if (!x.counted)
      return false;
    event_time = x.time;
    key = x.user;
    return true;
  }

  void accumulate(uint64_t& n, const click&) const { ++n; }

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

/// The column family of the window's state.
constexpr const char* clicks_family = "clicks";

/// What a collector received, readable from the test thread.
template <class T>
struct collected {
  std::mutex mtx;
  std::condition_variable changed;
  std::vector<T> records;
  /// The watermark of each batch received.
  std::vector<int64_t> watermarks;

  void append(const output_batch<T>& in) {
    std::lock_guard guard{mtx};
    records.insert(records.end(), in.records.begin(), in.records.end());
    watermarks.push_back(in.watermark);
    changed.notify_all();
  }

  /// The records once there are at least `n`, or what is there at timeout.
  std::vector<T> wait_for(size_t n, std::chrono::milliseconds timeout) {
    std::unique_lock guard{mtx};
    changed.wait_for(guard, timeout, [&] { return records.size() >= n; });
    return records;
  }

  std::vector<T> snapshot() {
    std::lock_guard guard{mtx};
    return records;
  }

  std::vector<int64_t> watermarks_snapshot() {
    std::lock_guard guard{mtx};
    return watermarks;
  }
};

/// A consumer that stores what it receives and acknowledges it after
/// `ack_delay` (zero: at once); it stores only when it acknowledges, so a
/// window that replied early would be caught with nothing stored.
template <class T>
using collector_actor = typename eddy::consumer_actor<T>::template extend<
    caf::reacts_to<eddy::tick_atom>>;

template <class T>
struct collector_state {
  std::shared_ptr<collected<T>> log;
  std::chrono::milliseconds ack_delay{0};
  std::vector<std::pair<caf::typed_response_promise<uint64_t>, output_batch<T>>>
      pending;
};

template <class T>
typename collector_actor<T>::behavior_type collector(
    typename collector_actor<T>::template stateful_pointer<collector_state<T>>
        self,
    std::shared_ptr<collected<T>> log, std::chrono::milliseconds ack_delay) {
  self->state.log = std::move(log);
  self->state.ack_delay = ack_delay;
  return {
      [self](output_batch<T>& in) -> caf::result<uint64_t> {
        auto& s = self->state;
        if (s.ack_delay.count() == 0) {
          s.log->append(in);
          return in.records.size();
        }
        auto promise = self->template make_response_promise<uint64_t>();
        s.pending.emplace_back(promise, std::move(in));
        self->delayed_send(self, s.ack_delay, eddy::tick_atom::value);
        return promise;
      },
      [self](eddy::flush_atom) -> uint64_t {
        return self->state.log->snapshot().size();
      },
      [](eddy::checkpoint_atom, int64_t, int32_t) { return uint64_t{0}; },
      [](eddy::commit_atom, int64_t, bool) {},
      [self](eddy::tick_atom) {
        auto& s = self->state;
        for (auto& [promise, batch] : s.pending) {
          s.log->append(batch);
          promise.deliver(uint64_t{batch.records.size()});
        }
        s.pending.clear();
      },
  };
}

eddy::window_handle<click_count_logic>
spawn_window(caf::actor_system& sys,
             eddy::window_config<click_count_logic> config) {
  auto core = eddy::restore_window(config, click_count_logic{});
  REQUIRE_MESSAGE(core, eddy::describe(core.error()));
  return sys.spawn(eddy::window<click_count_logic>, std::move(config),
                   std::move(*core));
}

caf::actor_system_config& two_threads(caf::actor_system_config& cfg) {
  cfg.set("scheduler.max-threads", 2);
  return cfg;
}

/// A window counting clicks, with a results collector and a late collector.
/// Stops every actor it spawned so the actor system can shut down.
struct window_fixture {
  caf::actor_system_config cfg;
  caf::actor_system sys{two_threads(cfg)};
  std::shared_ptr<collected<user_count>> results =
      std::make_shared<collected<user_count>>();
  std::shared_ptr<collected<click>> late = std::make_shared<collected<click>>();
  std::shared_ptr<eddy::window_counters> counters =
      std::make_shared<eddy::window_counters>();
  collector_actor<user_count> results_sink;
  collector_actor<click> late_sink;
  eddy::window_handle<click_count_logic> window;

  explicit window_fixture(window_options options,
                          std::chrono::milliseconds ack_delay = 0ms,
                          std::shared_ptr<eddy::state_store> store = nullptr) {
    results_sink = sys.spawn(collector<user_count>, results, ack_delay);
    late_sink = sys.spawn(collector<click>, late, 0ms);
    eddy::window_config<click_count_logic> config;
    config.id = 7;
    config.options = options;
    config.downstream.push_back(eddy::make_link<user_count>(results_sink));
    config.late.push_back(eddy::make_link<click>(late_sink));
    config.counters = counters;
    config.column_family = clicks_family;
    if (store)
      config.store_writer = eddy::spawn_store_writer(sys, store);
    config.store = std::move(store);
    window = spawn_window(sys, std::move(config));
  }

  ~window_fixture() {
    caf::anon_send_exit(window, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(results_sink, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(late_sink, caf::exit_reason::user_shutdown);
  }

  /// Sends one batch carrying the upstream `watermark` (event time) and
  /// waits for the window's reply: the number of records it accepted, or
  /// its error.
  caf::expected<uint64_t> send(std::vector<click> clicks,
                               int64_t watermark = eddy::no_watermark,
                               int64_t processing_time = 0) {
    caf::scoped_actor self{sys};
    caf::expected<uint64_t> reply{caf::error{}};
    self->request(window, caf::infinite,
                  output_batch<click>{0,
                                      processing_time,
                                      std::move(clicks),
                                      {"clicks", 0},
                                      -1,
                                      watermark})
        .receive([&](uint64_t n) { reply = n; },
                 [&](caf::error& err) { reply = std::move(err); });
    return reply;
  }

  /// Four batches of event times over 1000 ms windows, each with the
  /// watermark of a source allowing 100 ms of disorder (newest - 101): b@900
  /// is out of order within the bound, b@500 is late.
  void send_event_time_sequence() {
    REQUIRE(send({{"a", 100}, {"b", 200}, {"a", 950}, {"x", 10, false}}, 849));
    REQUIRE(send({{"a", 1050}, {"b", 900}}, 949));
    REQUIRE(send({{"a", 1200}}, 1099));             // closes [0, 1000)
    REQUIRE(send({{"b", 500}, {"a", 2200}}, 2099)); // closes [1000, 2000)
  }
};

window_options event_time_options() {
  window_options options;
  options.size_ms = 1000;
  options.time = window_options::time_mode::event;
  return options;
}

} // namespace

TEST_CASE("event-time windows reach the downstream once the watermark "
          "passes, ordered by window end then key") {
  window_fixture fix{event_time_options()};
  fix.send_event_time_sequence();
  CHECK(fix.results->snapshot() ==
        std::vector<user_count>{
            {"a", 0, 1000, 2}, {"b", 0, 1000, 2}, {"a", 1000, 2000, 2}});
}

TEST_CASE("results reach the downstream carrying the watermark that fired "
          "them") {
  window_fixture fix{event_time_options()};
  fix.send_event_time_sequence();
  CHECK(fix.results->watermarks_snapshot() == std::vector<int64_t>{1099, 2099});
}

TEST_CASE("a record for an already emitted window goes to the late side "
          "output") {
  window_fixture fix{event_time_options()};
  fix.send_event_time_sequence();
  CHECK(fix.late->wait_for(1, 2s) == std::vector<click>{{"b", 500}});
}

TEST_CASE("the counters report records in, late records and windows "
          "emitted") {
  window_fixture fix{event_time_options()};
  fix.send_event_time_sequence();
  CHECK(fix.counters->records_in == 9);
  CHECK(fix.counters->late_records == 1);
  CHECK(fix.counters->windows_emitted == 3);
}

TEST_CASE("the window answers a batch only after the downstream acknowledged "
          "the results it caused") {
  window_fixture fix{event_time_options(), 200ms};
  REQUIRE(fix.send({{"a", 100}}, -1));
  REQUIRE(fix.send({{"a", 1200}}, 1099)); // closes [0, 1000)
  CHECK(fix.results->snapshot() == std::vector<user_count>{{"a", 0, 1000, 1}});
}

TEST_CASE("a flush is forwarded to the downstream and answers its count") {
  window_fixture fix{event_time_options()};
  fix.send_event_time_sequence();
  caf::scoped_actor self{fix.sys};
  uint64_t flushed = 0;
  self->request(fix.window, caf::infinite, eddy::flush_atom::value)
      .receive([&](uint64_t n) { flushed = n; },
               [&](caf::error& err) { FAIL(eddy::describe(err)); });
  CHECK(flushed == 3);
}

TEST_CASE("processing-time windows close on the timer once the wall clock "
          "passes their end") {
  window_options options;
  options.size_ms = 200;
  options.tick = 20ms;
  window_fixture fix{options};
  auto stamp = eddy::wall_clock_ms();
  CHECK(fix.send({{"a"}, {"b"}, {"a"}, {"a"}}, eddy::no_watermark, stamp) ==
        uint64_t{4});
  auto got = fix.results->wait_for(2, 2s);
  REQUIRE(got.size() == 2);
  // Normally the window of `stamp`; a later one if a tick closed that
  // window while the batch was on its way.
  auto start = got[0].start;
  CHECK(start >= stamp - stamp % 200);
  CHECK(start % 200 == 0);
  CHECK(got == std::vector<user_count>{{"a", start, start + 200, 3},
                                       {"b", start, start + 200, 1}});
}

TEST_CASE("a window without a downstream stops with invalid_config") {
  caf::actor_system_config cfg;
  caf::actor_system sys{two_threads(cfg)};
  eddy::window_config<click_count_logic> config;
  auto window = spawn_window(sys, std::move(config));
  caf::scoped_actor self{sys};
  self->monitor(window);
  caf::error reason;
  self->receive([&](caf::down_msg& down) { reason = down.reason; });
  CHECK(reason == eddy::ec::invalid_config);
}

TEST_CASE("open windows persisted by a checkpoint are restored and later "
          "emitted with the whole count") {
  eddy::test::temp_dir dir;
  auto store = eddy::state_store::open(dir.path(), {clicks_family});
  REQUIRE(store);
  {
    window_fixture before{event_time_options(), 0ms, *store};
    REQUIRE(before.send({{"a", 100}, {"a", 200}, {"b", 300}}, 199));
    caf::scoped_actor self{before.sys};
    self->request(before.window, caf::infinite, eddy::checkpoint_atom::value,
                  int64_t{1}, int32_t{0})
        .receive([](uint64_t bytes) { CHECK(bytes > 0); },
                 [](caf::error& err) { FAIL(eddy::describe(err)); });
    // Not covered by the checkpoint: lost with the window.
    REQUIRE(before.send({{"a", 400}}, 299));
  }
  window_fixture after{event_time_options(), 0ms, *store};
  REQUIRE(after.send({{"a", 500}, {"b", 1200}}, 1099)); // closes [0, 1000)
  CHECK(after.results->wait_for(2, 2s) ==
        std::vector<user_count>{{"a", 0, 1000, 3}, {"b", 0, 1000, 1}});
}
