// The job layer end to end in one process: small pipelines fed by hand
// through pipeline_tester, checked by what their outputs and their keyed
// state show: windows in event time (tumbling, sliding, lateness, late
// records to a named output), watermarks across inputs and idle ones,
// process functions with timers, expiring and erased state across
// restarts, a two-input operator, and a flat_map before the key exact
// across a partition crash.
#include "runtime/pipeline.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "runtime/aggregates.hpp"
#include "tests/support/pipeline_tester.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {

/// A sensor's reading at event time `ts` (ms).
struct reading {
  std::string sensor;
  int64_t ts = 0;
  int64_t value = 0;
};

/// A closed window's aggregates of one sensor.
struct summary {
  std::string sensor;
  int64_t start = 0;
  int64_t end = 0;
  int64_t count = 0;
  int64_t sum = 0;
  int64_t min = 0;
  int64_t max = 0;
  double avg = 0;
  int64_t first = 0;
  int64_t last = 0;
  friend bool operator==(const summary&, const summary&) = default;
};

std::string_view sensor_of(const reading& r) {
  return r.sensor;
}

int64_t time_of(const reading& r) {
  return r.ts;
}

/// Readings from the manual source's `inputs`, in event time (no disorder
/// allowed unless said), windowed per sensor by `spec`, late records to
/// "late", summaries to "summaries".
caf::expected<job_plan>
summaries_of(window_spec spec, std::vector<std::string> inputs = {"readings"},
             std::chrono::milliseconds out_of_orderness = 0ms,
             std::chrono::milliseconds idle_timeout = 0ms) {
  pipeline p{"sensors"};
  p.source(manual_input<reading>(std::move(inputs)))
      .event_time(time_of, out_of_orderness, idle_timeout)
      .key_by(sensor_of)
      .window("minutes", spec.in_event_time())
      .late_records("late")
      .aggregate(aggregate_of<reading>(agg::count("count"),
                                       agg::sum("sum", &reading::value),
                                       agg::min("min", &reading::value),
                                       agg::max("max", &reading::value),
                                       agg::avg("avg", &reading::value),
                                       agg::first("first", &reading::value),
                                       agg::last("last", &reading::value)),
                 [](std::string_view sensor, window_bounds w, int64_t count,
                    int64_t sum, int64_t min, int64_t max, double avg,
                    int64_t first, int64_t last) {
                   return summary{std::string{sensor},
                                  w.start,
                                  w.end,
                                  count,
                                  sum,
                                  min,
                                  max,
                                  avg,
                                  first,
                                  last};
                 })
      .sink("summaries");
  return std::move(p).build();
}

using summaries_tester = test::pipeline_tester;

void send(summaries_tester& tester, std::vector<reading> readings,
          const std::string& input = "readings") {
  tester.send<reading>(input, std::move(readings));
}

} // namespace

TEST_CASE("a tumbling event-time window emits count, sum, min, max, avg, "
          "first and last once the watermark passes its end") {
  summaries_tester tester{[] { return summaries_of(tumbling(1s)); }};
  auto out = tester.collect<summary>("summaries");
  tester.start();
  send(tester, {{"s1", 100, 5}, {"s1", 200, 1}, {"s1", 900, 9}});
  CHECK_FALSE(out->poll(300ms));
  send(tester, {{"s1", 1500, 2}}); // the watermark passes 999
  auto first = out->poll();
  REQUIRE(first);
  CHECK(*first == summary{"s1", 0, 1000, 3, 15, 1, 9, 5.0, 5, 9});
}

TEST_CASE("sliding windows count a record in every window that holds it") {
  summaries_tester tester{[] { return summaries_of(sliding(1s, 500ms)); }};
  auto out = tester.collect<summary>("summaries");
  tester.start();
  send(tester, {{"s1", 600, 1}, {"s1", 1200, 2}});
  send(tester, {{"s1", 5000, 0}});
  auto got = out->poll_many(3);
  REQUIRE(got.size() == 3);
  // [0,1000) holds 600, [500,1500) both, [1000,2000) 1200; the windows of
  // 5000 stay open.
  std::map<int64_t, int64_t> sum_by_start;
  for (auto& s : got)
    sum_by_start[s.start] = s.sum;
  CHECK(sum_by_start.at(0) == 1);
  CHECK(sum_by_start.at(500) == 3);
  CHECK(sum_by_start.at(1000) == 2);
}

TEST_CASE("a late record within the allowed lateness fires its window again, "
          "one later goes to the late output and is counted") {
  summaries_tester tester{
      [] { return summaries_of(tumbling(1s).with_lateness(2s)); }};
  auto out = tester.collect<summary>("summaries");
  auto late = tester.collect<reading>("late");
  tester.start();
  send(tester, {{"s1", 100, 5}, {"s1", 1500, 1}});
  auto fired = out->poll();
  REQUIRE(fired);
  CHECK(fired->sum == 5);
  send(tester, {{"s1", 300, 7}}); // late, but within the lateness
  auto again = out->poll();
  REQUIRE(again);
  CHECK(again->start == 0);
  CHECK(again->sum == 12);
  send(tester, {{"s1", 4000, 0}}); // the watermark passes 999 + 2000
  send(tester, {{"s1", 400, 1}});  // too late now
  auto dropped = late->poll();
  REQUIRE(dropped);
  CHECK(dropped->ts == 400);
  auto status = tester.job().status();
  uint64_t counted = 0;
  for (auto& w : status.windows)
    counted += w.late_records;
  CHECK(counted == 1);
}

TEST_CASE("the watermark is the lowest over the inputs: a window waits for "
          "the slowest input") {
  summaries_tester tester{[] {
    return summaries_of(tumbling(1s), {"a", "b"});
  }};
  auto out = tester.collect<summary>("summaries");
  tester.start();
  send(tester, {{"s1", 100, 1}}, "a");
  send(tester, {{"s2", 200, 1}}, "b");
  send(tester, {{"s1", 5000, 1}}, "a"); // a is far ahead, b holds back
  CHECK_FALSE(out->poll(500ms));
  send(tester, {{"s2", 1200, 1}}, "b"); // now both passed 999
  auto fired = out->poll_many(2);
  CHECK(fired.size() == 2);
}

TEST_CASE("an input idle for the idle timeout stops holding the watermark "
          "back") {
  summaries_tester tester{[] {
    return summaries_of(tumbling(1s), {"a", "b"}, 0ms, 300ms);
  }};
  auto out = tester.collect<summary>("summaries");
  tester.start();
  send(tester, {{"s1", 100, 1}}, "a");
  send(tester, {{"s2", 200, 1}}, "b");
  send(tester, {{"s1", 5000, 1}}, "a"); // b then goes quiet
  auto fired = out->poll_many(2, 5s);
  CHECK(fired.size() == 2);
}

TEST_CASE("open windows survive a restart from a checkpoint and close with "
          "their whole contents") {
  summaries_tester tester{[] { return summaries_of(tumbling(1s)); }};
  auto out = tester.collect<summary>("summaries");
  tester.start();
  send(tester, {{"s1", 100, 5}});
  tester.checkpoint();
  tester.restart();
  send(tester, {{"s1", 200, 1}, {"s1", 1500, 0}});
  auto fired = out->poll();
  REQUIRE(fired);
  CHECK(fired->count == 2);
  CHECK(fired->sum == 6);
}

TEST_CASE("a window that fired and crashed before the next checkpoint fires "
          "again from it, and an exactly-once output holds the result once") {
  summaries_tester tester{[] { return summaries_of(tumbling(1s)); }};
  auto out = tester.collect<summary>("summaries",
                                     test::pipeline_tester::seen::committed);
  tester.start();
  auto p = tester.job().partition_of("s1");
  send(tester, {{"s1", 100, 5}, {"s1", 200, 1}});
  tester.checkpoint();
  send(tester, {{"s1", 1500, 0}}); // fires [0, 1000) past the checkpoint
  auto window_closed = [&] {
    auto status = tester.job().status();
    auto& w = status.windows.at(p);
    return w.watermark_ms && *w.watermark_ms >= 1000;
  };
  for (int i = 0; i < 1000 && !window_closed(); ++i)
    std::this_thread::sleep_for(5ms);
  REQUIRE(window_closed());
  auto restarts = tester.job().status().partitions.at(p).restarts;
  fault_request crash;
  crash.what = fault_request::kind::crash_window;
  crash.target = p;
  tester.job().inject_fault(crash, [](caf::expected<std::string>) {});
  for (int i = 0; i < 1000; ++i) {
    auto now = tester.job().status().partitions.at(p);
    if (now.restarts > restarts && now.state == run_state::running)
      break;
    std::this_thread::sleep_for(5ms);
  }
  REQUIRE(tester.job().status().partitions.at(p).restarts > restarts);
  // Restored from the checkpoint, the window fires [0, 1000) again once
  // the replayed record reaches it; a checkpoint commits it.
  std::optional<summary> fired;
  for (int i = 0; i < 20 && !fired; ++i) {
    tester.checkpoint();
    fired = out->poll(200ms);
  }
  REQUIRE(fired);
  CHECK(*fired == summary{"s1", 0, 1000, 2, 6, 1, 5, 3.0, 5, 1});
  tester.checkpoint();
  CHECK_FALSE(out->poll(300ms));
}

TEST_CASE("a key's state shows its open windows and running aggregates") {
  summaries_tester tester{[] { return summaries_of(tumbling(1s)); }};
  tester.collect<summary>("summaries");
  tester.start();
  send(tester, {{"s1", 100, 5}, {"s1", 200, 7}});
  auto deadline = std::chrono::steady_clock::now() + 5s;
  caf::expected<nlohmann::json> state = caf::error{};
  do {
    state = tester.job().state_of("s1");
  } while ((!state || (*state)["windows"].empty()) &&
           std::chrono::steady_clock::now() < deadline);
  REQUIRE_MESSAGE(state, describe(state.error()));
  auto& windows = (*state)["windows"];
  REQUIRE(windows.size() == 1);
  CHECK(windows[0]["start"] == 0);
  CHECK(windows[0]["end"] == 1000);
  CHECK(windows[0]["count"] == 2);
  CHECK(windows[0]["sum"] == 12);
  auto unknown = tester.job().state_of("nope");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error() == ec::unknown_key);
}

namespace {

/// Emits a sensor's name once it sent nothing for a second of event time,
/// with an event-time timer, and forgets it.
struct silence_alarm {
  using value = int64_t; // the newest reading's time
  using output = std::string;

  void process(const reading& r, auto& ctx) const {
    ctx.write() = r.ts;
    ctx.timer_at(r.ts + 1000);
  }

  void on_timer(int64_t time, auto& ctx) const {
    auto* newest = ctx.value();
    if (newest != nullptr && *newest + 1000 <= time) {
      ctx.emit(std::string{ctx.key()});
      ctx.erase();
    }
  }
};

caf::expected<job_plan> alarms() {
  pipeline p{"alarms"};
  p.source(manual_input<reading>({"readings"}))
      .event_time(time_of, 0ms)
      .key_by(sensor_of)
      .process("silence", silence_alarm{})
      .sink("alarms");
  return std::move(p).build();
}

} // namespace

TEST_CASE("an event-time timer fires once the watermark reaches it, and its "
          "function may erase the key") {
  test::pipeline_tester tester{alarms};
  auto out = tester.collect<std::string>("alarms");
  tester.start();
  tester.send<reading>("readings", {{"quiet", 100, 0}, {"busy", 100, 0}});
  tester.send<reading>("readings", {{"busy", 900, 0}});
  CHECK_FALSE(out->poll(300ms));
  tester.send<reading>("readings", {{"busy", 1500, 0}});
  auto alarm = out->poll();
  REQUIRE(alarm);
  CHECK(*alarm == "quiet");
  auto gone = tester.job().state_of("quiet");
  REQUIRE_FALSE(gone);
  CHECK(gone.error() == ec::unknown_key);
}

TEST_CASE("pending timers and erased keys survive a restart from a "
          "checkpoint") {
  test::pipeline_tester tester{alarms};
  auto out = tester.collect<std::string>("alarms");
  tester.start();
  tester.send<reading>("readings", {{"quiet", 100, 0}, {"busy", 100, 0}});
  tester.send<reading>("readings", {{"busy", 1500, 0}});
  REQUIRE(out->poll() == std::optional<std::string>{"quiet"});
  tester.send<reading>("readings", {{"late", 1600, 0}});
  tester.checkpoint();
  tester.restart();
  CHECK_FALSE(tester.job().state_of("quiet"));
  tester.send<reading>("readings", {{"busy", 3000, 0}});
  // late's timer (2600) was pending at the checkpoint.
  auto alarm = out->poll();
  REQUIRE(alarm);
  CHECK(*alarm == "late");
}

namespace {

/// Passes a reading on the first time its id (the sensor field) is seen
/// within a second of event time: bounded dedup state.
struct first_sighting {
  using value = bool;
  using output = reading;
  static constexpr state_ttl time_to_live{std::chrono::seconds{1},
                                          time_domain::event};

  void process(const reading& r, auto& ctx) const {
    if (ctx.value() != nullptr)
      return;
    ctx.write(r.ts) = true;
    ctx.emit(r);
  }
};

caf::expected<job_plan> dedup() {
  pipeline p{"dedup"};
  p.source(manual_input<reading>({"readings"}))
      .event_time(time_of, 0ms)
      .key_by(sensor_of)
      .process("seen", first_sighting{})
      .sink("first");
  return std::move(p).build();
}

} // namespace

TEST_CASE("a key's value expires its time-to-live after it was written, in "
          "event time, also across a restart") {
  test::pipeline_tester tester{dedup};
  auto out = tester.collect<reading>("first");
  tester.start();
  auto feed = [&](std::vector<reading> readings) {
    tester.send<reading>("readings", std::move(readings));
  };
  feed({{"x", 100, 1}, {"x", 500, 2}});
  auto first = out->poll();
  REQUIRE(first);
  CHECK(first->value == 1);
  CHECK_FALSE(out->poll(300ms)); // the second x is a duplicate
  tester.checkpoint();
  tester.restart();
  feed({{"x", 900, 3}}); // still seen: the restored value lives on
  CHECK_FALSE(out->poll(300ms));
  feed({{"y", 2000, 0}}); // the watermark passes x's time-to-live
  REQUIRE(out->poll());   // y
  feed({{"x", 2100, 4}});
  auto again = out->poll();
  REQUIRE(again);
  CHECK(again->value == 4);
}

namespace {

struct order {
  std::string id;
  int64_t amount = 0;
};

struct payment {
  std::string order_id;
  int64_t paid = 0;
};

/// Per order: its amount and what was paid, from two inputs.
struct settlement {
  using value = std::pair<int64_t, int64_t>;
  using output = std::string;

  void process(const order& o, auto& ctx) const {
    auto& v = ctx.write();
    v.first = o.amount;
    settle(v, ctx);
  }

  void process(const payment& p, auto& ctx) const {
    auto& v = ctx.write();
    v.second += p.paid;
    settle(v, ctx);
  }

  static void settle(const value& v, auto& ctx) {
    if (v.first > 0 && v.second >= v.first)
      ctx.emit(std::string{ctx.key()} + " settled");
  }
};

caf::expected<job_plan> settlements() {
  pipeline p{"orders"};
  auto orders =
      p.source(manual_input<order>({"orders"}, "orders"))
          .key_by([](const order& o) -> std::string_view { return o.id; });
  auto payments = p.source(manual_input<payment>({"payments"}, "payments"))
                      .key_by([](const payment& x) -> std::string_view {
                        return x.order_id;
                      });
  orders.connect(payments).process("settlement", settlement{}).sink("settled");
  return std::move(p).build();
}

} // namespace

TEST_CASE("a two-input operator sees both inputs of a key in one partition "
          "with shared state") {
  test::pipeline_tester tester{settlements};
  auto out = tester.collect<std::string>("settled");
  tester.start();
  tester.send<payment>("payments", {payment{"o1", 30}, payment{"o2", 5}},
                       "payments");
  tester.send<order>("orders", {order{"o1", 50}, order{"o2", 5}}, "orders");
  auto settled = out->poll();
  REQUIRE(settled);
  CHECK(*settled == "o2 settled");
  tester.send<payment>("payments", {payment{"o1", 20}}, "payments");
  settled = out->poll();
  REQUIRE(settled);
  CHECK(*settled == "o1 settled");
}

namespace {

/// Counts words per word; emits "word count" per word seen.
struct word_count {
  using value = int64_t;
  using output = std::pair<std::string, int64_t>;

  void process(const std::string& word, auto& ctx) const {
    auto& n = ctx.write();
    ++n;
    ctx.emit(output{word, n});
  }
};

caf::expected<job_plan> words() {
  pipeline p{"words"};
  p.source(manual_input<std::string>({"lines"}))
      .flat_map<std::string>("split",
                             [](std::string&& line, emitter<std::string>& out) {
                               size_t start = 0;
                               while (start < line.size()) {
                                 auto space = line.find(' ', start);
                                 if (space == std::string::npos)
                                   space = line.size();
                                 if (space > start)
                                   out.emit(line.substr(start, space - start));
                                 start = space + 1;
                               }
                             })
      .key_by([](const std::string& w) -> std::string_view { return w; })
      .process("counts", word_count{})
      .sink("counts");
  return std::move(p).build();
}

} // namespace

TEST_CASE("records a flat_map made of one input are applied exactly once "
          "across partition crashes") {
  test::pipeline_tester tester{words, {{"batch.size", "4"}}};
  auto out = tester.collect<std::pair<std::string, int64_t>>("counts");
  tester.start();
  std::map<std::string, int64_t> expected;
  size_t outputs = 0;
  for (int i = 0; i < 200; ++i) {
    std::string line = "a b c a w" + std::to_string(i % 7);
    for (auto w : {"a", "b", "c", "a"})
      ++expected[w];
    ++expected["w" + std::to_string(i % 7)];
    outputs += 5;
    tester.send<std::string>("lines", {line});
    if (i % 50 == 25) {
      fault_request crash;
      crash.target = static_cast<int32_t>(i % 4);
      tester.job().inject_fault(crash, [](caf::expected<std::string>) {});
    }
  }
  auto got = out->poll_many(outputs, 60s);
  REQUIRE(got.size() == outputs);
  // Each word's counts come out 1, 2, ... n, each once.
  std::map<std::string, std::vector<int64_t>> by_word;
  for (auto& [w, n] : got)
    by_word[w].push_back(n);
  for (auto& [word, n] : expected) {
    const std::string& w = word;
    CAPTURE(w);
    REQUIRE(by_word[w].size() == static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
      CHECK(by_word[w][i] == i + 1);
  }
  CHECK_FALSE(out->poll(300ms));
}

TEST_CASE("the graph shows the sources, the steps chained into them, the "
          "keyed operator and each output's sinks") {
  test::pipeline_tester tester{words};
  tester.collect<std::pair<std::string, int64_t>>("counts");
  tester.start();
  auto graph = tester.job().graph();
  auto has_edge = [&](const std::string& from, const std::string& to,
                      const std::string& shipping) {
    for (auto& e : graph.edges)
      if (e.from == from && e.to == to && e.shipping == shipping)
        return true;
    return false;
  };
  CHECK(has_edge("counts", "sink/counts to test", "merge"));
  bool has_partitions = false;
  for (auto& n : graph.nodes)
    if (n.id == "counts") {
      has_partitions = true;
      CHECK(n.kind == "partition");
      CHECK(n.parallelism == 4);
    }
  CHECK(has_partitions);
}
