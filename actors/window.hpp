// The window operator: keyed tumbling windows over the output of partitions,
// in processing or event time, with late records sent to a side output. The
// job plugs in what to aggregate and what to emit; the engine knows neither.
//
// A job supplies `Logic` with:
//   using input = ...;       // what the partitions emit (may be a variant)
//   using accumulator = ...; // value-initialized per (key, window)
//   using result = ...;      // emitted per closed window
//   // Picks the records to aggregate: false skips the record; otherwise
//   // sets its event time (ms) and key (may point into the record).
//   bool select(const input&, int64_t& event_time,
//               std::string_view& key) const;
//   void accumulate(accumulator&, const input&) const;
//   // Turns a closed window into a result, or nothing (e.g. a filter).
//   std::optional<result> finish(const std::string& key, int64_t start,
//                                int64_t end, const accumulator&) const;
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "caf/behavior.hpp"
#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"
#include "caf/typed_response_promise.hpp"

#include "actors/tumbling_windows.hpp"
#include "actors/watermark.hpp"
#include "messages/actor_interfaces.hpp"
#include "messages/error.hpp"

namespace eddy {

/// How a window operator assigns time to records and closes windows.
struct window_options {
  /// The length of each tumbling window.
  int64_t size_ms = 60000;
  /// processing: a record's time is its batch's processing_time and windows
  /// close on a timer as the wall clock passes their end. event: the time
  /// comes from Logic::select and windows close as the watermark passes.
  enum class time_mode { processing, event } time = time_mode::processing;
  /// Event time: how far behind the newest record a record may arrive
  /// without being late.
  int64_t out_of_orderness_ms = 5000;
  /// Processing time: how often the wall clock is checked to close windows.
  std::chrono::milliseconds tick{100};
};

/// Counters for status reports; written by the window, read from anywhere.
struct window_counters {
  /// Records received, selected or not.
  std::atomic<uint64_t> records_in{0};
  /// Records whose window had closed already (sent to the late side output).
  std::atomic<uint64_t> late_records{0};
  /// Windows closed, whether or not Logic::finish produced a result.
  std::atomic<uint64_t> windows_closed{0};
  /// Results sent downstream.
  std::atomic<uint64_t> windows_emitted{0};
};

/// The logic of a window operator, free of actors so tests can drive it
/// directly. Window state lives in memory only: a restart loses the open
/// windows until persistence comes with a later issue.
template <class Logic>
class window_operator {
public:
  using input = typename Logic::input;
  using accumulator = typename Logic::accumulator;
  using result = typename Logic::result;
  using time_mode = window_options::time_mode;

  /// `counters` may be null; the operator then keeps its own.
  window_operator(const window_options& options, Logic logic,
                  std::shared_ptr<window_counters> counters)
      : mode_(options.time), logic_(std::move(logic)),
        windows_(options.size_ms), watermark_(options.out_of_orderness_ms),
        counters_(counters ? std::move(counters)
                           : std::make_shared<window_counters>()) {}

  /// Aggregates the selected records of `in`. Appends the records that came
  /// too late for their window to `late` and, in event time, the results of
  /// the windows the advanced watermark closed to `results`.
  void apply(const output_batch<input>& in, std::vector<input>& late,
             std::vector<result>& results) {
    counters_->records_in += in.records.size();
    uint64_t late_count = 0;
    for (auto& record : in.records) {
      int64_t ts = 0;
      std::string_view key;
      if (!logic_.select(record, ts, key))
        continue;
      if (mode_ == time_mode::processing) {
        // The batch may have waited in a mailbox past a tick; like Flink's
        // processing-time windows, count it in the first open window
        // instead of calling it late.
        ts = std::max(in.processing_time, windows_.watermark());
      } else {
        watermark_.observe(ts);
      }
      auto update = [&](accumulator& acc) { logic_.accumulate(acc, record); };
      if (!windows_.add(ts, key, update)) {
        late.push_back(record);
        ++late_count;
      }
    }
    counters_->late_records += late_count;
    // As Flink does, the watermark moves after the batch, not per record.
    // A watermark W promises no more records at or before W, so [s, e) is
    // complete once e - 1 <= W (Flink's window.maxTimestamp() <= W).
    if (mode_ == time_mode::event &&
        watermark_.current() != std::numeric_limits<int64_t>::min())
      close_until(watermark_.current() + 1, results);
  }

  /// Closes the windows ending at or before `watermark` and appends their
  /// results to `results`. Processing time calls it with the wall clock.
  void close_until(int64_t watermark, std::vector<result>& results) {
    uint64_t closed = 0;
    uint64_t emitted = 0;
    windows_.advance_to(watermark, [&](const std::string& key, int64_t start,
                                       int64_t end, accumulator&& acc) {
      ++closed;
      if (auto res = logic_.finish(key, start, end, acc)) {
        results.push_back(std::move(*res));
        ++emitted;
      }
    });
    counters_->windows_closed += closed;
    counters_->windows_emitted += emitted;
  }

  time_mode mode() const noexcept { return mode_; }

  const tumbling_windows<accumulator>& windows() const noexcept {
    return windows_;
  }

  const window_counters& counters() const noexcept { return *counters_; }

private:
  time_mode mode_;
  Logic logic_;
  tumbling_windows<accumulator> windows_;
  bounded_out_of_orderness watermark_;
  std::shared_ptr<window_counters> counters_;
};

/// A window's typed interface: a consumer of its input (so partitions send
/// to it like to any sink), plus its own timer.
template <class In>
using window_actor = typename consumer_actor<In>::template extend<
    /// Closes the windows the wall clock has passed (processing time); the
    /// window sends it to itself every `tick`. Answers nothing.
    caf::reacts_to<tick_atom>>;

template <class Logic>
using window_handle = window_actor<typename Logic::input>;

/// Everything a window needs besides its logic.
template <class Logic>
struct window_config {
  /// Stamped as the partition of the batches the window sends.
  int32_t id = 0;
  window_options options;
  /// Receives the results. Required.
  consumer_actor<typename Logic::result> downstream;
  /// Receives late records; without one they are only counted.
  consumer_actor<typename Logic::input> late_sink;
  /// Shared with whoever reports status; created if null.
  std::shared_ptr<window_counters> counters;
  /// Records per batch sent downstream (bounds message size).
  size_t max_batch = 4096;
};

template <class Logic>
struct window_actor_state {
  /// An input batch whose reply waits until every send with a sequence
  /// number below `wait_for` is acknowledged.
  struct held_reply {
    caf::typed_response_promise<uint64_t> promise;
    uint64_t count = 0;
    uint64_t wait_for = 0;
  };

  std::optional<window_operator<Logic>> core;
  window_config<Logic> config;
  /// Sequence number of the next batch sent (downstream or late sink).
  uint64_t next_seq = 0;
  /// Sent and not yet acknowledged.
  std::set<uint64_t> unacked;
  std::deque<held_reply> held;

  static inline const char* name = "eddy.window";

  static int64_t wall_clock_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
        .count();
  }
};

/// Spawn with `spawn(window<Logic>, config, logic)`. Replies to an input
/// batch only once everything sent so far (results and late records) is
/// acknowledged, so downstream backpressure reaches the partitions. Quits
/// with ec::invalid_config on bad options or a missing downstream, and with
/// the downstream's error if a send fails (failing the held replies too).
template <class Logic>
typename window_handle<Logic>::behavior_type
window(typename window_handle<Logic>::template stateful_pointer<
           window_actor_state<Logic>>
           self,
       window_config<Logic> config, Logic logic) {
  using input = typename Logic::input;
  using result = typename Logic::result;
  using state_type = window_actor_state<Logic>;
  using behavior_type = typename window_handle<Logic>::behavior_type;
  auto& st = self->state;
  st.config = std::move(config);
  auto& opts = st.config.options;
  if (opts.size_ms <= 0 || opts.out_of_orderness_ms < 0 ||
      opts.tick.count() <= 0 || !st.config.downstream ||
      st.config.max_batch == 0) {
    self->quit(make_error(ec::invalid_config,
                          "window " + std::to_string(st.config.id) +
                              " needs size_ms > 0, out_of_orderness_ms >= 0,"
                              " tick > 0, max_batch > 0 and a downstream"));
    // typed_behavior has no public default constructor in CAF 0.17.
    return behavior_type{typename behavior_type::unsafe_init{},
                         caf::behavior{}};
  }
  st.core.emplace(opts, std::move(logic), st.config.counters);
  auto release = [self] {
    auto& s = self->state;
    while (!s.held.empty() && (s.unacked.empty() ||
                               *s.unacked.begin() >= s.held.front().wait_for)) {
      auto reply = std::move(s.held.front());
      s.held.pop_front();
      reply.promise.deliver(reply.count);
    }
  };
  auto fail = [self](caf::error err) {
    for (auto& reply : self->state.held)
      reply.promise.deliver(err);
    self->state.held.clear();
    self->quit(std::move(err));
  };
  // Sends `records` in batches of at most max_batch, each tracked until
  // acknowledged.
  auto send = [self, release, fail](const auto& dest, auto records,
                                    int64_t processing_time) {
    using record_type = typename decltype(records)::value_type;
    auto& s = self->state;
    for (size_t first = 0; first < records.size();
         first += s.config.max_batch) {
      auto last = std::min(records.size(), first + s.config.max_batch);
      output_batch<record_type> out{s.config.id, processing_time, {}};
      out.records.assign(std::make_move_iterator(records.begin() + first),
                         std::make_move_iterator(records.begin() + last));
      auto seq = s.next_seq++;
      s.unacked.insert(seq);
      self->request(dest, caf::infinite, std::move(out))
          .then(
              [self, release, seq](uint64_t) {
                self->state.unacked.erase(seq);
                release();
              },
              [fail](caf::error& err) { fail(std::move(err)); });
    }
  };
  auto emit_results = [self, send](std::vector<result> results) {
    if (!results.empty())
      send(self->state.config.downstream, std::move(results),
           state_type::wall_clock_ms());
  };
  if (st.core->mode() == window_options::time_mode::processing)
    self->delayed_send(self, opts.tick, tick_atom::value);
  return {
      [self, send,
       emit_results](const output_batch<input>& in) -> caf::result<uint64_t> {
        auto& s = self->state;
        std::vector<input> late;
        std::vector<result> results;
        s.core->apply(in, late, results);
        emit_results(std::move(results));
        if (!late.empty() && s.config.late_sink)
          send(s.config.late_sink, std::move(late), in.processing_time);
        uint64_t count = in.records.size();
        auto wait_for = s.next_seq;
        if (s.unacked.empty() || *s.unacked.begin() >= wait_for)
          return count;
        auto promise = self->template make_response_promise<uint64_t>();
        s.held.push_back({promise, count, wait_for});
        return promise;
      },
      [self](flush_atom) -> caf::result<uint64_t> {
        // Windows are emitted only when closed, so there is nothing of ours to
        // write; the downstream may have buffered what we sent it. Mailboxes
        // are FIFO per sender, so the flush arrives after those batches.
        auto promise = self->template make_response_promise<uint64_t>();
        self->request(self->state.config.downstream, caf::infinite,
                      flush_atom::value)
            .then([promise](uint64_t n) mutable { promise.deliver(n); },
                  [promise](caf::error& err) mutable {
                    promise.deliver(std::move(err));
                  });
        return promise;
      },
      [self, emit_results](tick_atom) {
        auto& s = self->state;
        if (s.core->mode() != window_options::time_mode::processing)
          return;
        std::vector<result> results;
        s.core->close_until(state_type::wall_clock_ms(), results);
        emit_results(std::move(results));
        // Only the timer's own tick schedules the next one, so a stray tick
        // from elsewhere cannot start a second timer chain.
        if (self->current_sender() == self->ctrl())
          self->delayed_send(self, s.config.options.tick, tick_atom::value);
      },
  };
}

} // namespace eddy
