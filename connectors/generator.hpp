// The generator source actor: makes records with a job-supplied function at
// a target rate and pushes them to an ingress, one batch at a time, so the
// ingress's answer paces it (backpressure).
#pragma once

#include <chrono>
#include <functional>

#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"

#include "actors/wall_clock.hpp"
#include "messages/actor_interfaces.hpp"
#include "messages/emitter.hpp"

namespace eddy {

struct generator_options {
  source_partition from{"generator", 0};
  /// The offset of the first record to make (resumes after a restart).
  offset_t first_offset = 0;
  /// Records per second; 0 means as fast as the job takes them.
  uint64_t rate = 1000;
  size_t max_batch = 512;
  /// Several generators can share a job's records: generator `instance` of
  /// `instances` makes records instance, instance + instances, ... (its
  /// offsets count its own records, as a Kafka partition's do).
  uint32_t instances = 1;
  uint32_t instance = 0;
};

/// (tick) makes the records that are due; (stop) stops and answers the
/// next offset it would have made.
using generator_actor =
    caf::typed_actor<caf::reacts_to<tick_atom>,
                     caf::replies_to<stop_atom>::with<offset_t>>;

/// Emits the records of one record number (usually one); `now_ms` is the
/// wall clock read once per batch (a reading per record cost 3% of the
/// whole inventory job).
template <class In>
using record_maker =
    std::function<void(offset_t, int64_t now_ms, emitter<In>&)>;

template <class In>
struct generator_state {
  record_maker<In> make;
  generator_options options;
  offset_t next = 0;
  bool waiting = false; // a batch is out and not yet answered
  bool stopped = false;
  std::chrono::steady_clock::time_point started;

  static inline const char* name = "eddy.generator";
};

/// Spawn with `spawn(generator<In, Out>, ingress, make, options)`.
template <class In, class Out>
generator_actor::behavior_type
generator(generator_actor::stateful_pointer<generator_state<In>> self,
          ingress_actor<In, Out> ingress, record_maker<In> make,
          generator_options options) {
  using namespace std::chrono;
  auto& st = self->state;
  st.make = std::move(make);
  st.options = options;
  st.next = options.first_offset;
  st.started = steady_clock::now();
  constexpr auto pause = milliseconds{10};
  self->send(self, tick_atom::value);
  return {
      [self, ingress, pause](tick_atom) {
        auto& s = self->state;
        if (s.stopped || s.waiting)
          return;
        auto due = s.options.max_batch;
        if (s.options.rate > 0) {
          auto elapsed = duration<double>(steady_clock::now() - s.started);
          auto target =
              s.options.first_offset +
              static_cast<offset_t>(elapsed.count() *
                                    static_cast<double>(s.options.rate));
          due = static_cast<size_t>(std::clamp<offset_t>(
              target - s.next, 0, static_cast<offset_t>(s.options.max_batch)));
        }
        if (due == 0) {
          self->delayed_send(self, pause, tick_atom::value);
          return;
        }
        batch<In> out{s.options.from, {}, false};
        out.records.reserve(due);
        auto now_ms = wall_clock_ms();
        for (size_t i = 0; i < due; ++i, ++s.next) {
          offset_emitter<In> at{out.records, s.next};
          s.make(s.next * s.options.instances + s.options.instance, now_ms, at);
        }
        s.waiting = true;
        self->request(ingress, caf::infinite, std::move(out))
            .then(
                [self](const batch_ack<Out>&) {
                  self->state.waiting = false;
                  self->send(self, tick_atom::value);
                },
                [self](caf::error& err) { self->quit(std::move(err)); });
      },
      [self](stop_atom) {
        self->state.stopped = true;
        return self->state.next;
      },
  };
}

} // namespace eddy
