// The ingress actor: one per source. It numbers records that arrive without
// an offset, routes them to partitions within a credit window, keeps them
// until a checkpoint persisted them, and resends what a restarted partition
// had not persisted.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"
#include "caf/typed_response_promise.hpp"

#include "actors/actor_load.hpp"
#include "actors/partition.hpp"
#include "actors/router.hpp"
#include "actors/wall_clock.hpp"
#include "actors/watermark.hpp"
#include "actors/watermark_generator.hpp"
#include "messages/actor_interfaces.hpp"

namespace eddy {

template <class Logic>
using ingress_handle =
    ingress_actor<typename Logic::input, typename Logic::output>;

struct ingress_options {
  size_t max_batch = 512;
  size_t credit = 4;
  /// Records buffered (not yet persisted) before producers are made to
  /// wait; past half of it the ingress asks for a checkpoint.
  size_t max_buffered = 16384;
  /// Whether applied records are kept until a checkpoint persisted them,
  /// so a restarted partition gets them again. Off for a pipeline without
  /// checkpoints (in-memory state): a record is dropped once applied.
  bool keep_until_checkpoint = true;
  /// Asks for a checkpoint soon (set by the job; may be empty).
  std::function<void()> request_checkpoint;
  /// The next offset per source partition for records that come without
  /// one (sources that cannot replay, such as sockets and HTTP).
  position_map next_offsets;
  /// Shared with the status report; created if null. The ingress is
  /// backpressured while its producers wait for the partitions.
  std::shared_ptr<actor_load> load;
  /// This ingress's number among the job's (partitions take the lowest
  /// watermark over them).
  int32_t channel = 0;
  /// Event time: how far behind the newest record of an input a record may
  /// arrive, and how long an input may be quiet before it stops holding the
  /// watermark back (zero: never).
  int64_t out_of_orderness_ms = 0;
  std::chrono::milliseconds idle_timeout{0};
  /// Event time: the watermark never passes the wall clock plus this (zero:
  /// no bound), whatever timestamps the inputs bring.
  std::chrono::milliseconds max_future{0};
};

/// How an ingress routes its records and reads their event time.
template <class In>
struct ingress_routing {
  /// The key a record is partitioned by (a view into the record).
  std::function<std::string_view(const In&)> key_of;
  /// A record's event time in ms, or no_watermark if it has none; empty if
  /// the job follows no event time (no watermarks then).
  std::function<int64_t(const In&)> timestamp_of;
};

template <class Logic>
struct ingress_state {
  using input = typename Logic::input;
  using output = typename Logic::output;
  using ack_type = batch_ack<output>;
  using promise_type = caf::typed_response_promise<ack_type>;

  /// A producer's batch that waits for its outputs.
  struct waiting_request {
    promise_type promise;
    ack_type merged;
    size_t remaining = 0;
  };

  std::unique_ptr<router<input, uint64_t>> routes;
  std::shared_ptr<partition_directory_of<Logic>> directory;
  ingress_options options;
  std::vector<uint64_t> incarnation;
  /// Per partition: the incarnation this ingress was told about (by
  /// restarted_atom). The directory may already name a newer one, which must
  /// get the replay before any new batch: it skips offsets at or below the
  /// highest it applied, so a new batch first would hide the replay.
  std::vector<std::optional<partition_handle<Logic>>> targets;
  /// Per partition: batches sent again after its restart and not yet
  /// acknowledged; at zero it has caught up (see partition_directory).
  std::vector<size_t> replay_left;
  std::map<uint64_t, waiting_request> requests;
  uint64_t next_request = 0;
  std::deque<promise_type> blocked_producers;
  std::vector<caf::typed_response_promise<bool>> drain_waiters;
  /// Whether a checkpoint was asked for since the last one completed.
  bool checkpoint_requested = false;
  std::function<int64_t(const input&)> timestamp_of;
  std::optional<watermark_generator> watermarks;
  /// The watermark the partitions were last told.
  int64_t sent_watermark = idle_watermark;
  /// Sends partition p what it may take now (set up by the behavior).
  std::function<void(uint32_t)> send;

  static inline const char* name = "eddy.ingress";
};

/// Spawn with `spawn(ingress<Logic>, groups, directory, options, routing)`.
template <class Logic>
typename ingress_handle<Logic>::behavior_type ingress(
    typename ingress_handle<Logic>::template stateful_pointer<
        ingress_state<Logic>>
        self,
    key_groups groups, std::shared_ptr<partition_directory_of<Logic>> directory,
    ingress_options options, ingress_routing<typename Logic::input> routing) {
  using input = typename Logic::input;
  using ack_type = batch_ack<typename Logic::output>;
  auto& st = self->state;
  st.routes = std::make_unique<router<input, uint64_t>>(
      groups, options.max_batch, options.credit, std::move(routing.key_of));
  st.timestamp_of = std::move(routing.timestamp_of);
  if (st.timestamp_of)
    st.watermarks.emplace(options.out_of_orderness_ms, options.idle_timeout);
  st.directory = std::move(directory);
  st.options = std::move(options);
  if (!st.options.load)
    st.options.load = std::make_shared<actor_load>();
  st.incarnation.assign(groups.partitions(), 0);
  st.targets.resize(groups.partitions());
  st.replay_left.assign(groups.partitions(), 0);

  // Wakes producers and drainers whose condition now holds.
  auto wake = [self] {
    auto& s = self->state;
    while (!s.blocked_producers.empty() &&
           s.routes->buffered() <= s.options.max_buffered) {
      s.blocked_producers.front().deliver(ack_type{});
      s.blocked_producers.pop_front();
    }
    s.options.load->set_backpressured(!s.blocked_producers.empty());
    if (s.routes->unapplied() == 0) {
      for (auto& waiter : s.drain_waiters)
        waiter.deliver(true);
      s.drain_waiters.clear();
    }
  };
  auto ask_for_checkpoint = [self] {
    auto& s = self->state;
    if (!s.checkpoint_requested && s.options.request_checkpoint) {
      s.checkpoint_requested = true;
      s.options.request_checkpoint();
    }
  };
  // Drops what `persisted` covers of partition p's applied batches and
  // answers the waiting producers whose records are now all persisted.
  auto release = [self](uint32_t p, const position_map& persisted) {
    auto& s = self->state;
    s.routes->release(p, persisted, [&](auto& out) {
      if (!out.tag)
        return;
      auto i = s.requests.find(*out.tag);
      if (--i->second.remaining == 0) {
        i->second.promise.deliver(std::move(i->second.merged));
        s.requests.erase(i);
      }
    });
  };
  // A waiting producer's outputs arrive with the acknowledgements; it is
  // answered once a checkpoint persisted all of its records (at once when
  // nothing is kept for checkpoints).
  auto on_ack = [self, wake, release](uint32_t p, ack_type& ack) {
    auto& s = self->state;
    auto& done = s.routes->acknowledge(p);
    auto& done_records = done.records();
    s.options.load->records_out += done_records.records.size();
    if (done.tag) {
      auto& req = s.requests.at(*done.tag);
      req.merged.applied += ack.applied;
      req.merged.skipped += ack.skipped;
      req.merged.last_offset =
          std::max(req.merged.last_offset, ack.last_offset);
      for (auto& out : ack.outputs)
        req.merged.outputs.push_back(std::move(out));
    }
    if (!s.options.keep_until_checkpoint && !done_records.records.empty())
      release(p, {{done_records.from, done_records.records.back().offset}});
    wake();
  };
  // The batch's message goes as it is: the partition reads the records the
  // router keeps, never a copy of them.
  auto transmit = [self, on_ack](uint32_t p, const caf::message& sealed) {
    auto& handle = self->state.targets[p];
    if (!handle)
      return;
    auto generation = self->state.incarnation[p];
    self->request(caf::actor_cast<caf::actor>(*handle), caf::infinite, sealed)
        .then(
            [self, on_ack, p, generation](ack_type& ack) {
              if (generation != self->state.incarnation[p])
                return; // an answer from an incarnation that has since died
              on_ack(p, ack);
              auto& left = self->state.replay_left[p];
              if (left > 0 && --left == 0)
                self->state.directory->replayed(p);
              self->state.send(p);
            },
            [](caf::error&) {
              // The partition died; its supervisor restarts it and tells us
              // (restarted_atom), and then we send everything again.
            });
  };
  // Sends batches to partition p while it runs and credit allows.
  st.send = [self, transmit](uint32_t p) {
    if (!self->state.targets[p])
      return;
    for (auto* out : self->state.routes->take_sendable(p))
      transmit(p, out->message);
  };
  auto send_all = [self] {
    for (uint32_t p = 0; p < self->state.routes->partitions(); ++p)
      self->state.send(p);
  };
  // Tells every partition the watermark if it moved: on the last batch
  // pending for it (which every record routed to it so far precedes), or,
  // with nothing pending, at once. Held back to max_future ahead of the
  // wall clock.
  auto publish_watermark = [self] {
    auto& s = self->state;
    if (!s.watermarks)
      return;
    auto now = clamp_watermark(
        s.watermarks->current(watermark_generator::clock::now()),
        future_limit(wall_clock_ms(), s.options.max_future));
    if (now == s.sent_watermark)
      return;
    s.sent_watermark = now;
    for (uint32_t p = 0; p < s.routes->partitions(); ++p)
      if (!s.routes->stamp_watermark(p, now) && s.targets[p])
        self->send(*s.targets[p], watermark_atom::value, s.options.channel,
                   now);
  };
  // Reads the event time of `in`'s records.
  auto observe = [self](const batch<input>& in) {
    auto& s = self->state;
    if (!s.watermarks)
      return;
    auto now = watermark_generator::clock::now();
    s.watermarks->touch(in.from, now);
    for (auto& rec : in.records)
      if (auto ts = s.timestamp_of(rec.record); ts != no_watermark)
        s.watermarks->observe(in.from, ts, now);
  };
  if (st.watermarks && st.watermarks->has_idle_timeout())
    self->delayed_send(self,
                       std::max(st.watermarks->idle_timeout() / 2,
                                std::chrono::milliseconds{10}),
                       tick_atom::value);
  return {
      [self, send_all, ask_for_checkpoint, observe,
       publish_watermark](batch<input>& in) -> caf::result<ack_type> {
        auto& s = self->state;
        if (in.records.empty()) {
          // An input announcing itself (see watermark_generator::touch).
          observe(in);
          return ack_type{};
        }
        auto busy = s.options.load->busy();
        s.options.load->records_in += in.records.size();
        s.options.load->set_mailbox(self->mailbox().queue().total_task_size());
        if (auto next = s.options.next_offsets.find(in.from);
            next != s.options.next_offsets.end())
          for (auto& rec : in.records)
            if (rec.offset < 0)
              rec.offset = next->second++;
        in.channel = s.options.channel;
        observe(in);
        if (in.wants_outputs) {
          auto id = s.next_request++;
          auto promise = self->template make_response_promise<ack_type>();
          auto& req = s.requests[id];
          req.promise = promise;
          req.merged.from = in.from;
          req.remaining = s.routes->add(std::move(in), id).size();
          if (req.remaining == 0) {
            s.requests.erase(id);
            return ack_type{};
          }
          publish_watermark();
          send_all();
          ask_for_checkpoint();
          return promise;
        }
        s.routes->add(std::move(in));
        publish_watermark();
        send_all();
        if (s.routes->buffered() > s.options.max_buffered / 2)
          ask_for_checkpoint();
        if (s.routes->buffered() <= s.options.max_buffered)
          return ack_type{};
        s.blocked_producers.push_back(
            self->template make_response_promise<ack_type>());
        s.options.load->set_backpressured(true);
        return s.blocked_producers.back();
      },
      [self, transmit](restarted_atom, int32_t p) {
        auto& s = self->state;
        auto part = static_cast<uint32_t>(p);
        ++s.incarnation[part];
        s.targets[part] = s.directory->running(part);
        auto again = s.routes->resend(part);
        s.replay_left[part] = again.size();
        if (again.empty())
          s.directory->replayed(part);
        for (auto* out : again)
          transmit(part, out->message);
        s.send(part);
        // A new incarnation knows no channel's watermark: tell it ours
        // (after what it replays, which precedes it).
        if (s.watermarks && s.targets[part])
          self->send(*s.targets[part], watermark_atom::value, s.options.channel,
                     s.sent_watermark);
      },
      [self, publish_watermark](tick_atom) {
        auto& s = self->state;
        publish_watermark();
        if (self->current_sender() == self->ctrl())
          self->delayed_send(self,
                             std::max(s.watermarks->idle_timeout() / 2,
                                      std::chrono::milliseconds{10}),
                             tick_atom::value);
      },
      [self](positions_atom) { return self->state.routes->acknowledged(); },
      [self, wake, release](persisted_atom,
                            const checkpoint_positions& persisted) {
        auto& s = self->state;
        s.checkpoint_requested = false;
        auto n = std::min(persisted.partitions.size(), s.routes->partitions());
        for (uint32_t p = 0; p < n; ++p)
          release(p, persisted.partitions[p]);
        wake();
        return s.routes->acknowledged();
      },
      [self](stop_atom) -> caf::result<bool> {
        auto& s = self->state;
        if (s.routes->unapplied() == 0)
          return true;
        s.drain_waiters.push_back(self->template make_response_promise<bool>());
        return s.drain_waiters.back();
      },
  };
}

} // namespace eddy
