// The batching sink actor: collects records up to a size or a delay, writes
// them through a record_writer, retries on failure, and stops acknowledging
// input while its buffer is full (bounded memory, backpressure upstream).
#pragma once

#include <chrono>
#include <deque>
#include <iostream>
#include <memory>
#include <vector>

#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"
#include "caf/typed_response_promise.hpp"

#include "actors/record_writer.hpp"
#include "messages/actor_interfaces.hpp"
#include "messages/error.hpp"

namespace eddy {

struct sink_options {
  /// Records that trigger a write.
  size_t max_batch = 1024;
  /// Longest time a record waits in the buffer.
  std::chrono::milliseconds max_delay{200};
  /// Buffered records beyond which input is not acknowledged.
  size_t max_buffered = 65536;
};

template <class T>
using sink_actor =
    typename consumer_actor<T>::template extend<caf::reacts_to<tick_atom>>;

template <class T>
struct sink_state {
  std::unique_ptr<record_writer<T>> writer;
  sink_options options;
  std::vector<T> buffer;
  std::deque<caf::typed_response_promise<uint64_t>> held;
  uint64_t written = 0;
  bool failing = false;

  static inline const char* name = "eddy.sink";
};

/// Spawn with `spawn(sink<T>, std::move(writer), options)`.
template <class T>
typename sink_actor<T>::behavior_type
sink(typename sink_actor<T>::template stateful_pointer<sink_state<T>> self,
     std::unique_ptr<record_writer<T>> writer, sink_options options) {
  self->state.writer = std::move(writer);
  self->state.options = options;
  // Writes the buffer; on failure keeps it for the next tick.
  auto write_out = [self]() -> bool {
    auto& s = self->state;
    if (s.buffer.empty())
      return true;
    auto ok = s.writer->write(s.buffer);
    if (ok)
      ok = s.writer->flush();
    if (!ok) {
      if (!s.failing)
        std::cerr << "eddy: sink " << self->id()
                  << " failed, retrying: " << describe(ok.error()) << '\n';
      s.failing = true;
      return false;
    }
    s.failing = false;
    s.written += s.buffer.size();
    s.buffer.clear();
    while (!s.held.empty()) {
      s.held.front().deliver(uint64_t{0});
      s.held.pop_front();
    }
    return true;
  };
  self->delayed_send(self, options.max_delay, tick_atom::value);
  return {
      [self, write_out](output_batch<T>& in) -> caf::result<uint64_t> {
        auto& s = self->state;
        auto n = static_cast<uint64_t>(in.records.size());
        for (auto& rec : in.records)
          s.buffer.push_back(std::move(rec));
        if (s.buffer.size() >= s.options.max_batch)
          write_out();
        if (s.buffer.size() <= s.options.max_buffered)
          return n;
        s.held.push_back(self->template make_response_promise<uint64_t>());
        return s.held.back();
      },
      [self, write_out](flush_atom) -> caf::result<uint64_t> {
        if (!write_out())
          return make_error(ec::connector_failure, "sink flush failed");
        return self->state.written;
      },
      [self, write_out](tick_atom) {
        write_out();
        self->delayed_send(self, self->state.options.max_delay,
                           tick_atom::value);
      },
  };
}

} // namespace eddy
