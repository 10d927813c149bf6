// The partition actor: a thin shell over partition_state that applies
// batches, forwards outputs downstream, holds back its acknowledgements
// while downstream is behind (so backpressure reaches the source), and
// persists its state at each checkpoint.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"
#include "caf/typed_response_promise.hpp"

#include "actors/actor_load.hpp"
#include "actors/output_link.hpp"
#include "actors/partition_directory.hpp"
#include "actors/partition_state.hpp"
#include "actors/store_writer.hpp"
#include "actors/wall_clock.hpp"
#include "actors/watermark.hpp"
#include "messages/actor_interfaces.hpp"

namespace eddy {

template <class Logic>
using partition_handle =
    partition_actor<typename Logic::input, typename Logic::output>;

/// The directory of a job's partitions: their actors, and their states,
/// which serve reads on the reader's thread.
template <class Logic>
using partition_directory_of =
    partition_directory<partition_handle<Logic>, partition_state<Logic>>;

/// Everything a partition needs besides its logic.
template <class Logic>
struct partition_config {
  int32_t id = 0;
  key_groups groups{1, 1};
  std::shared_ptr<state_store> store;
  /// The column family of `store` that holds this operator's state.
  std::string family;
  /// The ingresses that feed it (they number their batches' channel).
  size_t channels = 1;
  /// Writes this partition's checkpoints to `store` (spawn_store_writer).
  store_writer_actor store_writer;
  std::vector<output_link<typename Logic::output>> downstream;
  /// How often the wall clock is looked at for processing-time timers and
  /// expiring state; zero for a logic that has none.
  std::chrono::milliseconds tick{0};
  std::shared_ptr<partition_directory_of<Logic>> directory;
  /// Output batches a partition may have unacknowledged downstream before it
  /// stops acknowledging its input.
  size_t max_outputs_in_flight = 8;
  /// Actors that live and die with this partition (its windows): a crash of
  /// either takes the other down, and the supervisor restores both from
  /// the same checkpoint.
  std::vector<caf::actor> linked;
  /// Shared with the status report across restarts; created if null.
  std::shared_ptr<actor_load> load;
  /// Event time: a persisted watermark more than this ahead of the wall
  /// clock at restore is dropped (zero: kept whatever it is).
  std::chrono::milliseconds max_future{0};
};

template <class Logic>
struct partition_actor_state {
  using output = typename Logic::output;
  using ack_type = batch_ack<output>;

  std::shared_ptr<partition_state<Logic>> core;
  partition_config<Logic> config;
  size_t outputs_in_flight = 0;
  /// The outputs of the batch being applied: kept between batches, so a
  /// logic that emits several records per input grows it once, not per
  /// batch (a link that takes the records whole takes its capacity too).
  std::vector<output> outputs;
  std::deque<std::pair<caf::typed_response_promise<ack_type>, ack_type>> held;
  /// The checkpoint waiting for its downstream before it writes, if any.
  std::optional<int64_t> checkpoint_in_progress;

  static inline const char* name = "eddy.partition";
};

/// Restores partition `config.id` from the store: what a partition actor
/// starts from. Fails with the store's error (e.g. an undecodable value), so
/// the caller never spawns a partition with half its state.
template <class Logic>
caf::expected<std::shared_ptr<partition_state<Logic>>>
restore_partition(const partition_config<Logic>& config, Logic logic) {
  auto core = std::make_shared<partition_state<Logic>>(
      config.id, config.groups, config.store, config.family, std::move(logic),
      config.channels);
  if (auto ok = core->restore(future_limit(wall_clock_ms(), config.max_future));
      !ok)
    return ok.error();
  return core;
}

/// Checkpoint `id`: snapshots the changed state, has every downstream
/// actor persist what it received before (windows write their state), and
/// only then writes the snapshot, so a window is never behind its partition
/// on disk (it skips outputs it already has when the partition replays).
/// The store writer writes it while the partition goes on applying; the
/// answer waits for the write. Any failure kills the partition: its
/// supervisor restores it and its windows from the store, which is
/// consistent.
template <class Self>
caf::result<checkpoint_ack> take_checkpoint(Self* self, int64_t id) {
  auto& s = self->state;
  if (s.checkpoint_in_progress)
    return make_error(ec::unavailable,
                      "partition " + std::to_string(s.config.id) +
                          " is still writing checkpoint " +
                          std::to_string(*s.checkpoint_in_progress));
  s.checkpoint_in_progress = id;
  auto snap =
      std::make_shared<typename decltype(s.core)::element_type::snapshot>(
          s.core->take_snapshot(id));
  auto promise = self->template make_response_promise<checkpoint_ack>();
  auto remaining = std::make_shared<size_t>(s.config.downstream.size());
  auto finish = [self, snap, promise]() mutable {
    self->request(self->state.config.store_writer, caf::infinite,
                  std::shared_ptr<const store_batch>{
                      std::make_shared<store_batch>(std::move(snap->writes))})
        .then(
            [self, snap, promise]() mutable {
              auto& s = self->state;
              s.checkpoint_in_progress.reset();
              promise.deliver(checkpoint_ack{s.config.id, snap->bytes,
                                             std::move(snap->positions)});
            },
            [self, promise](caf::error& err) mutable {
              promise.deliver(err);
              self->quit(err);
            });
  };
  if (*remaining == 0) {
    finish();
    return promise;
  }
  for (auto& link : s.config.downstream)
    self->request(link.consumer, caf::infinite, checkpoint_atom::value, id,
                  s.config.id)
        .then(
            [snap, remaining, finish](uint64_t bytes) mutable {
              snap->bytes += bytes;
              if (--*remaining == 0)
                finish();
            },
            [self, promise](caf::error& err) mutable {
              promise.deliver(err);
              self->quit(err);
            });
  return promise;
}

/// Spawn with `spawn(partition<Logic>, config, core)` where `core` comes
/// from restore_partition.
template <class Logic>
typename partition_handle<Logic>::behavior_type
partition(typename partition_handle<Logic>::template stateful_pointer<
              partition_actor_state<Logic>>
              self,
          partition_config<Logic> config,
          std::shared_ptr<partition_state<Logic>> core) {
  using output = typename Logic::output;
  using ack_type = batch_ack<output>;
  auto& st = self->state;
  st.config = std::move(config);
  st.core = std::move(core);
  if (!st.config.load)
    st.config.load = std::make_shared<actor_load>();
  st.config.load->set_backpressured(false); // a predecessor may have been
  for (auto& other : st.config.linked)
    self->link_to(other);
  // Releases held acknowledgements while downstream has room again.
  auto release = [self] {
    auto& s = self->state;
    while (!s.held.empty() &&
           s.outputs_in_flight <= s.config.max_outputs_in_flight) {
      auto [promise, ack] = std::move(s.held.front());
      s.held.pop_front();
      promise.deliver(std::move(ack));
    }
    s.config.load->set_backpressured(!s.held.empty());
  };
  // Sends every link its share of `records`; a batch without records goes
  // to the links that follow the watermark when it moved.
  auto emit = [self, release](std::vector<output>& records, batch_stamp stamp) {
    auto& s = self->state;
    if (records.empty() && !stamp.watermark_moved)
      return;
    stamp.partition = s.config.id;
    stamp.processing_time = wall_clock_ms();
    stamp.watermark = s.core->watermark();
    s.config.load->records_out += records.size();
    auto& links = s.config.downstream;
    for (auto& link : links) {
      // The last link may take the records themselves: one copy less.
      auto share = link.share(records, &link == &links.back(), stamp);
      if (!share)
        continue;
      ++s.outputs_in_flight;
      self->request(link.consumer, caf::infinite, std::move(*share))
          .then(
              [self, release](uint64_t) {
                --self->state.outputs_in_flight;
                release();
              },
              [self](caf::error& err) { self->quit(std::move(err)); });
    }
  };
  if (st.config.tick.count() > 0)
    self->delayed_send(self, st.config.tick, tick_atom::value);
  return {
      [self,
       emit](const batch<typename Logic::input>& in) -> caf::result<ack_type> {
        auto& s = self->state;
        auto& load = *s.config.load;
        auto busy = load.busy();
        load.records_in += in.records.size();
        load.set_mailbox(self->mailbox().queue().total_task_size());
        auto& outputs = s.outputs;
        outputs.clear();
        outputs.reserve(in.records.size());
        auto watermark = s.core->watermark();
        auto ack = s.core->apply(in, outputs, wall_clock_ms());
        if (s.config.directory)
          s.config.directory->add_processed(s.config.id, ack.applied);
        if (in.wants_outputs)
          ack.outputs = outputs;
        batch_stamp stamp;
        stamp.from = in.from;
        // What a replay emits again is dropped downstream by this offset;
        // nothing applied means nothing to drop, as a watermark alone.
        stamp.last_offset = ack.applied > 0 ? ack.last_offset : -1;
        stamp.watermark_moved = s.core->watermark() != watermark;
        emit(outputs, stamp);
        // Acknowledgements leave in input order: sources match them to
        // batches first in, first out.
        if (s.held.empty() &&
            s.outputs_in_flight <= s.config.max_outputs_in_flight)
          return ack;
        auto promise = self->template make_response_promise<ack_type>();
        s.held.emplace_back(promise, std::move(ack));
        load.set_backpressured(true);
        return promise;
      },
      [self](checkpoint_atom, int64_t id) -> caf::result<checkpoint_ack> {
        return take_checkpoint(self, id);
      },
      [self, emit](watermark_atom, int32_t channel, int64_t watermark) {
        auto& s = self->state;
        auto busy = s.config.load->busy();
        std::vector<output> outputs;
        batch_stamp stamp;
        stamp.watermark_moved =
            s.core->advance(channel, watermark, outputs, wall_clock_ms());
        emit(outputs, stamp);
      },
      [self, emit](tick_atom) {
        auto& s = self->state;
        {
          auto busy = s.config.load->busy();
          std::vector<output> outputs;
          s.core->tick(wall_clock_ms(), outputs);
          emit(outputs, batch_stamp{});
        }
        if (self->current_sender() == self->ctrl())
          self->delayed_send(self, s.config.tick, tick_atom::value);
      },
      [self](positions_atom) { return self->state.core->positions(); },
      [self](crash_atom) {
        self->quit(make_error(ec::injected_fault,
                              "partition " +
                                  std::to_string(self->state.config.id) +
                                  " crashed on request"));
      },
  };
}

} // namespace eddy
