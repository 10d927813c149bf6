// The batching sink actor: collects records up to a size or a delay, writes
// them through a record_writer, retries on failure, and stops acknowledging
// input while its buffer is full (bounded memory, backpressure upstream).
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"
#include "caf/typed_response_promise.hpp"

#include "actors/record_writer.hpp"
#include "messages/actor_interfaces.hpp"
#include "messages/error.hpp"

namespace eddy {

/// What a sink reports on /v1/jobs; written by the sink, read anywhere.
struct sink_counters {
  std::atomic<uint64_t> written{0};
  std::atomic<uint64_t> failures{0};
  std::atomic<bool> failing{false};

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
  /// Buffered records beyond which input is not acknowledged.
  size_t max_buffered = 65536;
  /// The longest wait between retries of a failing write; the wait doubles
  /// from max_delay up to this.
  std::chrono::milliseconds max_backoff{5000};
  /// Shared with whoever reports status; created if null.
  std::shared_ptr<sink_counters> counters = nullptr;
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
  std::chrono::milliseconds backoff{0};
  std::chrono::steady_clock::time_point retry_at;

  static inline const char* name = "eddy.sink";
};

/// Spawn with `spawn(sink<T>, std::move(writer), options)`.
template <class T>
typename sink_actor<T>::behavior_type
sink(typename sink_actor<T>::template stateful_pointer<sink_state<T>> self,
     std::unique_ptr<record_writer<T>> writer, sink_options options) {
  self->state.writer = std::move(writer);
  if (!options.counters)
    options.counters = std::make_shared<sink_counters>();
  self->state.options = options;
  // Writes the buffer. On failure it keeps the buffer and waits before the
  // next attempt, doubling the wait up to max_backoff; `now` ignores the
  // wait (an explicit flush).
  auto write_out = [self](bool now) -> bool {
    auto& s = self->state;
    auto& counters = *s.options.counters;
    if (s.buffer.empty())
      return true;
    auto clock_now = std::chrono::steady_clock::now();
    if (!now && counters.failing && clock_now < s.retry_at)
      return false;
    auto ok = s.writer->write(s.buffer);
    if (ok)
      ok = s.writer->flush();
    if (!ok) {
      auto text = describe(ok.error());
      if (!counters.failing)
        std::cerr << "eddy: sink failed, retrying with backoff: " << text
                  << '\n';
      counters.failing = true;
      ++counters.failures;
      counters.set_last_error(std::move(text));
      s.backoff = std::min(std::max(s.backoff * 2, s.options.max_delay),
                           s.options.max_backoff);
      s.retry_at = clock_now + s.backoff;
      return false;
    }
    counters.failing = false;
    s.backoff = std::chrono::milliseconds{0};
    counters.written += s.buffer.size();
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
          write_out(false);
        if (s.buffer.size() <= s.options.max_buffered)
          return n;
        s.held.push_back(self->template make_response_promise<uint64_t>());
        return s.held.back();
      },
      [self, write_out](flush_atom) -> caf::result<uint64_t> {
        if (!write_out(true))
          return make_error(ec::connector_failure,
                            "sink flush failed: " +
                                self->state.options.counters->last_error());
        return self->state.options.counters->written.load();
      },
      [self, write_out](tick_atom) {
        write_out(false);
        self->delayed_send(self, self->state.options.max_delay,
                           tick_atom::value);
      },
  };
}

} // namespace eddy
