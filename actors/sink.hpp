// The batching sink actor: collects records up to a size or a delay, writes
// them through a record_writer, retries on failure, and stops acknowledging
// input while its buffer is full (bounded memory, backpressure upstream).
// At a checkpoint it writes out what came before; with a transactional
// writer it has the writer prepare that before the barrier passes, and
// commits once the checkpoint completes (exactly-once output).
// What an upstream fired on time (a window's results, a timer's outputs)
// carries no input offset, so no replay can drop it: a transactional sink
// holds it until that upstream's barrier, and drops it if the upstream
// restarts first, because the restored upstream fires it again.
// A writer that delivers in the background (Kafka) is flushed only at
// checkpoints: waiting for every batch's acknowledgements would cap the
// sink at one network round trip per batch.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"
#include "caf/typed_response_promise.hpp"

#include "actors/actor_load.hpp"
#include "actors/record_writer.hpp"
#include "messages/actor_interfaces.hpp"
#include "messages/error.hpp"
#include "messages/log.hpp"

namespace eddy {

/// What a sink reports on /v1/jobs; written by the sink, read anywhere.
struct sink_counters {
  std::atomic<uint64_t> written{0};
  std::atomic<uint64_t> failures{0};
  std::atomic<bool> failing{false};
  /// Output batches dropped because a restarted partition emitted them
  /// again while replaying.
  std::atomic<uint64_t> replayed_batches{0};

  void set_last_error(std::string text) {
    std::lock_guard guard{mtx_};
    last_error_ = std::move(text);
  }

  std::string last_error() const {
    std::lock_guard guard{mtx_};
    return last_error_;
  }

private:
  mutable std::mutex mtx_;
  std::string last_error_;
};

struct sink_options {
  /// Records that trigger a write.
  size_t max_batch = 1024;
  /// Longest time a record waits in the buffer.
  std::chrono::milliseconds max_delay{200};
  /// Buffered records beyond which input is not acknowledged; also the
  /// records a background writer may have unconfirmed before the sink waits
  /// for them.
  size_t max_buffered = 65536;
  /// The longest wait between retries of a failing write; the wait doubles
  /// from max_delay up to this.
  std::chrono::milliseconds max_backoff{5000};
  /// Shared with whoever reports status; created if null.
  std::shared_ptr<sink_counters> counters = nullptr;
  /// Shared with whoever reports status; created if null. The sink is
  /// backpressured while it cannot write: failing, stalled or full.
  std::shared_ptr<actor_load> load = nullptr;
  /// Whom its log lines name: the job layer sets the job and
  /// "sink/<output> to <writer>", as the status report names the sink.
  log::context log_context{"", "sink"};
};

template <class T>
using sink_actor = typename consumer_actor<T>::template extend<
    /// The sink's timer.
    caf::reacts_to<tick_atom>,
    /// Fault injection: stop writing for this many milliseconds.
    caf::reacts_to<stall_atom, int64_t>,
    /// Partition p and its window were restored from their last
    /// checkpoint: what they fired since is dropped (they fire it again).
    caf::reacts_to<restarted_atom, int32_t>>;

template <class T>
struct sink_state {
  std::unique_ptr<record_writer<T>> writer;
  sink_options options;
  std::vector<T> buffer;
  /// Background writers, not transactional: written since the last flush,
  /// to write again if a delivery failed.
  std::vector<T> unconfirmed;
  std::deque<caf::typed_response_promise<uint64_t>> held;
  /// Checkpoints waiting for the buffer to be written.
  std::vector<caf::typed_response_promise<uint64_t>> checkpoint_waiters;
  std::chrono::milliseconds backoff{0};
  std::chrono::steady_clock::time_point retry_at;
  std::chrono::steady_clock::time_point stalled_until;
  /// Per (upstream, source partition): the last input offset whose outputs
  /// arrived, to drop what a restarted upstream emits again.
  std::map<std::pair<int32_t, source_partition>, offset_t> seen;
  /// Transactional writers: upstreams past the running checkpoint's barrier
  /// and what they sent since, which belongs to the next transaction.
  std::set<int32_t> past_barrier;
  std::vector<T> next_transaction;
  /// Transactional writers: per upstream, what it fired on time since its
  /// last barrier, written once the next barrier says its state has it.
  std::map<int32_t, std::vector<T>> fired_since_barrier;
  /// Transactional writers: everything written since the last commit, to
  /// write again if the transaction has to be aborted.
  std::vector<T> transaction;
  bool must_rewrite = false;
  /// Transactional writers: the checkpoint whose barrier came and that the
  /// writer has not prepared since.
  std::optional<int64_t> unprepared;

  static inline const char* name = "eddy.sink";
};

/// Spawn with `spawn<caf::detached>(sink<T>, std::move(writer), options)`:
/// writers block (files, a Kafka flush waiting for acknowledgements), and
/// on a thread of its own a sink blocks nothing but itself.
template <class T>
typename sink_actor<T>::behavior_type
sink(typename sink_actor<T>::template stateful_pointer<sink_state<T>> self,
     std::unique_ptr<record_writer<T>> writer, sink_options options) {
  self->state.writer = std::move(writer);
  if (!options.counters)
    options.counters = std::make_shared<sink_counters>();
  if (!options.load)
    options.load = std::make_shared<actor_load>();
  self->state.options = options;
  auto transactional = self->state.writer->transactional();
  auto background = self->state.writer->delivers_in_background();
  auto report_failure = [self](const caf::error& err) {
    auto& s = self->state;
    auto& counters = *s.options.counters;
    auto text = describe(err);
    // Once per outage: the status report shows every failure since.
    if (!counters.failing)
      s.options.log_context.warn("sink failed, retrying with backoff: " + text);
    counters.failing = true;
    ++counters.failures;
    counters.set_last_error(std::move(text));
    s.backoff = std::min(std::max(s.backoff * 2, s.options.max_delay),
                         s.options.max_backoff);
    s.retry_at = std::chrono::steady_clock::now() + s.backoff;
  };
  // After an aborted transaction: writes its records again into the next.
  auto rewrite_transaction = [self, report_failure]() -> bool {
    auto& s = self->state;
    if (!s.must_rewrite)
      return true;
    auto ok = s.writer->write(s.transaction);
    if (ok)
      ok = s.writer->flush();
    if (!ok) {
      report_failure(ok.error());
      if (auto aborted = s.writer->abort(); !aborted)
        report_failure(aborted.error());
      return false;
    }
    s.must_rewrite = false;
    return true;
  };
  // Once a waiting checkpoint's records are written and flushed: the
  // writer makes them durable before the barrier passes.
  auto prepare_checkpoint = [self, report_failure]() -> bool {
    auto& s = self->state;
    if (!s.unprepared)
      return true;
    if (auto ok = s.writer->prepare(*s.unprepared); !ok) {
      report_failure(ok.error());
      return false;
    }
    s.unprepared.reset();
    return true;
  };
  // A failed flush may have lost any record written since the last one:
  // they go before the buffer, to be written again (at least once).
  auto take_back_unconfirmed = [self] {
    auto& s = self->state;
    s.unconfirmed.insert(s.unconfirmed.end(),
                         std::make_move_iterator(s.buffer.begin()),
                         std::make_move_iterator(s.buffer.end()));
    s.buffer = std::move(s.unconfirmed);
    s.unconfirmed.clear();
  };
  // Writes the buffer and, unless the writer delivers in the background,
  // flushes it. On failure it keeps the buffer and waits before the next
  // attempt, doubling the wait up to max_backoff. `now` (a checkpoint or an
  // explicit flush) ignores the wait and always flushes, as does every
  // attempt while a checkpoint waits.
  auto write_buffer = [self, transactional, background, report_failure,
                       rewrite_transaction, prepare_checkpoint,
                       take_back_unconfirmed](bool now) -> bool {
    auto& s = self->state;
    auto& counters = *s.options.counters;
    auto clock_now = std::chrono::steady_clock::now();
    if (clock_now < s.stalled_until)
      return false;
    // A waiting checkpoint needs everything before its barrier delivered.
    auto confirm = now || !s.checkpoint_waiters.empty();
    if (s.buffer.empty() && !s.must_rewrite && !confirm)
      return true;
    if (!now && counters.failing && clock_now < s.retry_at)
      return false;
    if (!rewrite_transaction())
      return false;
    auto flush =
        confirm || !background ||
        s.unconfirmed.size() + s.buffer.size() >= s.options.max_buffered;
    auto ok = s.writer->write(s.buffer);
    if (ok && flush)
      ok = s.writer->flush();
    if (!ok) {
      report_failure(ok.error());
      if (background && !transactional)
        take_back_unconfirmed();
      return false;
    }
    counters.written += s.buffer.size();
    s.options.load->records_out += s.buffer.size();
    if (transactional || !flush) {
      auto& keep = transactional ? s.transaction : s.unconfirmed;
      keep.insert(keep.end(), std::make_move_iterator(s.buffer.begin()),
                  std::make_move_iterator(s.buffer.end()));
    } else {
      s.unconfirmed.clear();
    }
    s.buffer.clear();
    while (!s.held.empty()) {
      s.held.front().deliver(uint64_t{0});
      s.held.pop_front();
    }
    if (!prepare_checkpoint())
      return false;
    counters.failing = false;
    s.backoff = std::chrono::milliseconds{0};
    for (auto& waiter : s.checkpoint_waiters)
      waiter.deliver(uint64_t{0});
    s.checkpoint_waiters.clear();
    return true;
  };
  auto write_out = [self, write_buffer](bool now) -> bool {
    auto& s = self->state;
    auto busy = s.options.load->busy();
    auto written = write_buffer(now);
    s.options.load->set_backpressured(
        s.options.counters->failing || !s.held.empty() ||
        std::chrono::steady_clock::now() < s.stalled_until);
    return written;
  };
  // Commits the transaction of a completed checkpoint; on failure aborts
  // it and writes its records again into the next one.
  auto commit = [self, report_failure, write_out] {
    auto& s = self->state;
    if (s.must_rewrite)
      return;
    if (auto ok = s.writer->commit(); !ok) {
      report_failure(ok.error());
      if (auto aborted = s.writer->abort(); !aborted)
        report_failure(aborted.error());
      s.must_rewrite = true;
      write_out(true);
      return;
    }
    s.transaction.clear();
  };
  self->delayed_send(self, options.max_delay, tick_atom::value);
  return {
      [self, write_out,
       transactional](output_batch<T>& in) -> caf::result<uint64_t> {
        auto& s = self->state;
        auto n = static_cast<uint64_t>(in.records.size());
        s.options.load->records_in += n;
        s.options.load->set_mailbox(self->mailbox().queue().total_task_size());
        if (in.last_offset >= 0) {
          auto [seen, added] = s.seen.try_emplace(
              std::pair{in.partition, in.from}, in.last_offset);
          if (!added && in.last_offset <= seen->second) {
            ++s.options.counters->replayed_batches;
            return n;
          }
          seen->second = in.last_offset;
        }
        auto& target =
            transactional && in.last_offset < 0
                ? s.fired_since_barrier[in.partition]
                : (s.past_barrier.count(in.partition) > 0 ? s.next_transaction
                                                          : s.buffer);
        for (auto& rec : in.records)
          target.push_back(std::move(rec));
        if (s.buffer.size() >= s.options.max_batch)
          write_out(false);
        if (s.buffer.size() + s.next_transaction.size() <=
            s.options.max_buffered)
          return n;
        s.held.push_back(self->template make_response_promise<uint64_t>());
        s.options.load->set_backpressured(true);
        return s.held.back();
      },
      [self, write_out](flush_atom) -> caf::result<uint64_t> {
        if (!write_out(true))
          return make_error(ec::connector_failure,
                            "sink flush failed: " +
                                self->state.options.counters->last_error());
        return self->state.options.counters->written.load();
      },
      [self, write_out,
       transactional](checkpoint_atom, int64_t id,
                      int32_t upstream) -> caf::result<uint64_t> {
        auto& s = self->state;
        if (transactional) {
          // Fired before the barrier: the upstream's checkpoint has it.
          if (auto fired = s.fired_since_barrier.extract(upstream))
            s.buffer.insert(s.buffer.end(),
                            std::make_move_iterator(fired.mapped().begin()),
                            std::make_move_iterator(fired.mapped().end()));
          s.past_barrier.insert(upstream);
          s.unprepared = id;
        }
        if (write_out(true))
          return uint64_t{0};
        // Answered once a retry succeeds: the checkpoint waits (and may
        // time out) while the destination is away.
        s.checkpoint_waiters.push_back(
            self->template make_response_promise<uint64_t>());
        return s.checkpoint_waiters.back();
      },
      [self, commit, transactional](commit_atom, int64_t, bool completed) {
        auto& s = self->state;
        if (!transactional)
          return;
        if (completed)
          commit();
        s.past_barrier.clear();
        s.buffer.insert(s.buffer.end(),
                        std::make_move_iterator(s.next_transaction.begin()),
                        std::make_move_iterator(s.next_transaction.end()));
        s.next_transaction.clear();
      },
      [self, write_out](tick_atom) {
        write_out(false);
        self->delayed_send(self, self->state.options.max_delay,
                           tick_atom::value);
      },
      [self](restarted_atom, int32_t partition) {
        auto& s = self->state;
        size_t dropped = 0;
        for (auto upstream : {partition, window_upstream(partition)})
          if (auto fired = s.fired_since_barrier.extract(upstream))
            dropped += fired.mapped().size();
        if (dropped > 0)
          s.options.log_context.info(
              "partition " + std::to_string(partition) +
              " restarted from its last checkpoint: dropped the " +
              std::to_string(dropped) +
              " records it and its window fired since, which fire again");
      },
      [self](stall_atom, int64_t ms) {
        auto& s = self->state;
        s.stalled_until =
            std::chrono::steady_clock::now() + std::chrono::milliseconds{ms};
        s.options.counters->set_last_error("stalled for " + std::to_string(ms) +
                                           " ms by fault injection");
      },
  };
}

} // namespace eddy
