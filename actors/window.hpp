// The window actor: keyed tumbling or sliding windows over the output of
// partitions, in processing or event time, with late records sent to a side
// output. The job plugs in what to aggregate and what to emit (see
// window_operator.hpp); the engine knows neither.
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
#include <type_traits>
#include <utility>
#include <vector>

#include "caf/behavior.hpp"
#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"
#include "caf/typed_response_promise.hpp"

#include "actors/actor_load.hpp"
#include "actors/output_link.hpp"
#include "actors/store_writer.hpp"
#include "actors/wall_clock.hpp"
#include "actors/watermark.hpp"
#include "actors/window_assigner.hpp"
#include "actors/window_operator.hpp"
#include "messages/actor_interfaces.hpp"
#include "messages/error.hpp"

namespace eddy {

/// A window's typed interface: a consumer of its input (so partitions send
/// to it like to any sink), plus its own timer.
template <class In>
using window_actor = typename consumer_actor<In>::template extend<
    /// Closes the windows the wall clock has passed (processing time); the
    /// window sends it to itself every `tick`. Answers nothing.
    caf::reacts_to<tick_atom>,
    /// Dies with ec::injected_fault (fault injection for tests and demos).
    caf::reacts_to<crash_atom>>;

template <class Logic>
using window_handle = window_actor<typename Logic::input>;

/// Everything a window needs besides its logic.
template <class Logic>
struct window_config {
  /// Stamped as the partition of the batches the window sends.
  int32_t id = 0;
  window_options options;
  /// The store's column family that holds this window's state (the job
  /// names one per operator). Required with a store.
  std::string column_family;
  /// Where the results go; at least one.
  std::vector<output_link<typename Logic::result>> downstream;
  /// Where late records go; without any they are only counted.
  std::vector<output_link<typename Logic::input>> late;
  /// Shared with whoever reports status; created if null.
  std::shared_ptr<window_counters> counters;
  /// Records per batch sent downstream (bounds message size).
  size_t max_batch = 4096;
  /// Where checkpoints persist the open windows; null keeps them in memory
  /// only (tests).
  std::shared_ptr<state_store> store = nullptr;
  /// Writes the checkpoints to `store` (spawn_store_writer); needed with it.
  store_writer_actor store_writer;
  /// Shared with the status report across restarts; created if null.
  std::shared_ptr<actor_load> load;
  /// Event time: a persisted watermark more than this ahead of the wall
  /// clock at restore is dropped (zero: kept whatever it is).
  std::chrono::milliseconds max_future{0};
};

/// Creates the operator of window `config.id` with what the store holds
/// for it: what a window actor starts from.
template <class Logic>
caf::expected<std::shared_ptr<window_operator<Logic>>>
restore_window(const window_config<Logic>& config, Logic logic) {
  auto core = std::make_shared<window_operator<Logic>>(
      config.options, config.column_family, std::move(logic), config.counters);
  if (config.store)
    if (auto ok =
            core->restore(*config.store, config.id,
                          future_limit(wall_clock_ms(), config.max_future));
        !ok)
      return ok.error();
  return core;
}

template <class Logic>
struct window_actor_state {
  /// An input batch whose reply waits until every send with a sequence
  /// number below `wait_for` is acknowledged.
  struct held_reply {
    caf::typed_response_promise<uint64_t> promise;
    uint64_t count = 0;
    uint64_t wait_for = 0;
  };

  std::shared_ptr<window_operator<Logic>> core;
  window_config<Logic> config;
  /// Sequence number of the next batch sent (downstream or late sink).
  uint64_t next_seq = 0;
  /// Sent and not yet acknowledged.
  std::set<uint64_t> unacked;
  std::deque<held_reply> held;

  static inline const char* name = "eddy.window";
};

/// The consumers of a window, each once (a sink may take both results and
/// late records).
template <class Config>
std::vector<caf::actor> window_consumers(const Config& config) {
  std::vector<caf::actor> result;
  auto add = [&](const caf::actor& consumer) {
    if (std::find(result.begin(), result.end(), consumer) == result.end())
      result.push_back(consumer);
  };
  for (auto& link : config.downstream)
    add(link.consumer);
  for (auto& link : config.late)
    add(link.consumer);
  return result;
}

/// Checkpoint `id`: has the store writer write the changed windows and
/// passes the barrier to the consumers; answers the bytes written by all
/// once all are done. A failed write kills the window (and with it,
/// linked, its partition): both restart from the store.
template <class Self>
caf::result<uint64_t> persist_windows(Self* self, int64_t id) {
  auto& s = self->state;
  auto promise = self->template make_response_promise<uint64_t>();
  auto bytes = std::make_shared<uint64_t>(0);
  auto consumers = window_consumers(s.config);
  auto remaining = std::make_shared<size_t>(consumers.size() + 1);
  auto answer_when_done = [promise, bytes, remaining]() mutable {
    if (--*remaining == 0)
      promise.deliver(*bytes);
  };
  if (s.config.store) {
    auto snap = s.core->take_snapshot(s.config.id);
    *bytes += snap.bytes;
    self->request(s.config.store_writer, caf::infinite,
                  std::shared_ptr<const store_batch>{
                      std::make_shared<store_batch>(std::move(snap.writes))})
        .then(answer_when_done, [self, promise](caf::error& err) mutable {
          promise.deliver(err);
          self->quit(err);
        });
  } else {
    answer_when_done();
  }
  for (auto& consumer : consumers)
    self->request(consumer, caf::infinite, checkpoint_atom::value, id,
                  window_upstream(s.config.id))
        .then(
            [bytes, answer_when_done](uint64_t more) mutable {
              *bytes += more;
              answer_when_done();
            },
            [promise](caf::error& err) mutable { promise.deliver(err); });
  return promise;
}

/// Spawn with `spawn(window<Logic>, config, core)`, `core` from
/// restore_window. Replies to an input
/// batch only once everything sent so far (results and late records) is
/// acknowledged, so downstream backpressure reaches the partitions. Quits
/// with ec::invalid_config on bad options or a missing downstream, and with
/// the downstream's error if a send fails (failing the held replies too).
template <class Logic>
typename window_handle<Logic>::behavior_type
window(typename window_handle<Logic>::template stateful_pointer<
           window_actor_state<Logic>>
           self,
       window_config<Logic> config,
       std::shared_ptr<window_operator<Logic>> core) {
  using input = typename Logic::input;
  using result = typename Logic::result;
  using behavior_type = typename window_handle<Logic>::behavior_type;
  auto& st = self->state;
  st.config = std::move(config);
  auto& opts = st.config.options;
  if (!window_assigner{opts.size_ms, opts.slide_ms}.is_valid() ||
      opts.allowed_lateness_ms < 0 || opts.tick.count() <= 0 ||
      st.config.downstream.empty() || st.config.max_batch == 0 ||
      (st.config.store && st.config.column_family.empty())) {
    self->quit(make_error(
        ec::invalid_config,
        "window " + std::to_string(st.config.id) +
            " needs size_ms > 0, 0 <= slide_ms <= size_ms,"
            " allowed_lateness_ms >= 0, tick > 0, max_batch > 0, a downstream"
            " and, with a store, a column family"));
    // typed_behavior has no public default constructor in CAF 0.17.
    return behavior_type{typename behavior_type::unsafe_init{},
                         caf::behavior{}};
  }
  st.core = std::move(core);
  if (!st.config.load)
    st.config.load = std::make_shared<actor_load>();
  st.config.load->set_backpressured(false); // a predecessor may have been
  auto release = [self] {
    auto& s = self->state;
    while (!s.held.empty() && (s.unacked.empty() ||
                               *s.unacked.begin() >= s.held.front().wait_for)) {
      auto reply = std::move(s.held.front());
      s.held.pop_front();
      reply.promise.deliver(reply.count);
    }
    s.config.load->set_backpressured(!s.held.empty());
  };
  auto fail = [self](caf::error err) {
    for (auto& reply : self->state.held)
      reply.promise.deliver(err);
    self->state.held.clear();
    self->quit(std::move(err));
  };
  // Sends each link its share of `records`, in batches of at most
  // max_batch, each tracked until acknowledged.
  auto send = [self, release, fail](const auto& links, auto& records,
                                    int64_t processing_time) {
    auto& s = self->state;
    s.config.load->records_out += records.size();
    batch_stamp stamp;
    stamp.partition = window_upstream(s.config.id);
    stamp.processing_time = processing_time;
    stamp.watermark = s.core->watermark();
    for (size_t first = 0; first < records.size();
         first += s.config.max_batch) {
      auto last = std::min(records.size(), first + s.config.max_batch);
      // Most sends are one chunk: no copy then.
      auto* chunk = &records;
      std::remove_cvref_t<decltype(records)> part;
      if (first > 0 || last < records.size()) {
        part.assign(records.begin() + first, records.begin() + last);
        chunk = &part;
      }
      for (auto& link : links) {
        auto share = link.share(*chunk, false, stamp);
        if (!share)
          continue;
        auto seq = s.next_seq++;
        s.unacked.insert(seq);
        self->request(link.consumer, caf::infinite, std::move(*share))
            .then(
                [self, release, seq](uint64_t) {
                  self->state.unacked.erase(seq);
                  release();
                },
                [fail](caf::error& err) { fail(std::move(err)); });
      }
    }
  };
  auto emit_results = [self, send](std::vector<result>& results) {
    if (!results.empty())
      send(self->state.config.downstream, results, wall_clock_ms());
  };
  if (st.core->mode() == window_options::time_mode::processing)
    self->delayed_send(self, opts.tick, tick_atom::value);
  return {
      [self, send,
       emit_results](const output_batch<input>& in) -> caf::result<uint64_t> {
        auto& s = self->state;
        auto busy = s.config.load->busy();
        s.config.load->records_in += in.records.size();
        s.config.load->set_mailbox(self->mailbox().queue().total_task_size());
        if (s.core->is_replayed(in))
          return uint64_t{in.records.size()};
        std::vector<input> late;
        std::vector<result> results;
        s.core->apply(in, late, results);
        emit_results(results);
        if (!late.empty())
          send(s.config.late, late, in.processing_time);
        uint64_t count = in.records.size();
        auto wait_for = s.next_seq;
        if (s.unacked.empty() || *s.unacked.begin() >= wait_for)
          return count;
        auto promise = self->template make_response_promise<uint64_t>();
        s.held.push_back({promise, count, wait_for});
        s.config.load->set_backpressured(true);
        return promise;
      },
      [self](flush_atom) -> caf::result<uint64_t> {
        // Windows are emitted only when closed, so there is nothing of ours to
        // write; the consumers may have buffered what we sent them.
        // Mailboxes are FIFO per sender, so the flush arrives after those
        // batches. The answer counts what the results' consumers wrote.
        auto& s = self->state;
        auto promise = self->template make_response_promise<uint64_t>();
        auto consumers = window_consumers(s.config);
        auto written = std::make_shared<uint64_t>(0);
        auto remaining = std::make_shared<size_t>(consumers.size());
        if (consumers.empty())
          promise.deliver(uint64_t{0});
        for (auto& consumer : consumers) {
          auto is_result = std::any_of(
              s.config.downstream.begin(), s.config.downstream.end(),
              [&](auto& link) { return link.consumer == consumer; });
          self->request(consumer, caf::infinite, flush_atom::value)
              .then(
                  [promise, written, remaining, is_result](uint64_t n) mutable {
                    if (is_result)
                      *written += n;
                    if (--*remaining == 0)
                      promise.deliver(*written);
                  },
                  [promise](caf::error& err) mutable {
                    promise.deliver(std::move(err));
                  });
        }
        return promise;
      },
      [self](checkpoint_atom, int64_t id, int32_t) -> caf::result<uint64_t> {
        return persist_windows(self, id);
      },
      [](commit_atom, int64_t, bool) {
        // Windows write nothing outside; sinks commit.
      },
      [self](crash_atom) {
        self->quit(make_error(ec::injected_fault,
                              "window " +
                                  std::to_string(self->state.config.id) +
                                  " crashed on request"));
      },
      [self, emit_results](tick_atom) {
        auto& s = self->state;
        if (s.core->mode() != window_options::time_mode::processing)
          return;
        auto busy = s.config.load->busy();
        std::vector<result> results;
        s.core->close_until(wall_clock_ms(), results);
        emit_results(results);
        // Only the timer's own tick schedules the next one, so a stray tick
        // from elsewhere cannot start a second timer chain.
        if (self->current_sender() == self->ctrl())
          self->delayed_send(self, s.config.options.tick, tick_atom::value);
      },
  };
}

} // namespace eddy
