// Event-time watermarks of one ingress, as Flink generates them at its
// sources: per input partition (a Kafka topic partition, the generator, a
// socket) the newest timestamp less a bounded out-of-orderness, the lowest
// of those across inputs, and an idle timeout after which a quiet input no
// longer holds the others back.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <map>

#include "actors/watermark.hpp"
#include "messages/stream.hpp"

namespace eddy {

class watermark_generator {
public:
  using clock = std::chrono::steady_clock;

  /// A record may arrive `out_of_orderness_ms` behind the newest of its
  /// input; an input that sent nothing for `idle_timeout` is idle (zero:
  /// never).
  watermark_generator(int64_t out_of_orderness_ms,
                      std::chrono::milliseconds idle_timeout)
      : delay_ms_(std::max<int64_t>(out_of_orderness_ms, 0)),
        idle_timeout_(idle_timeout) {}

  /// Input `from` has a record of event time `ts` (ms), seen at `now`.
  void observe(const source_partition& from, int64_t ts,
               clock::time_point now) {
    auto [i, added] = inputs_.try_emplace(from, delay_ms_);
    i->second.newest.observe(ts);
    i->second.last_seen = now;
  }

  /// Input `from` sent records at `now`, with or without event time, or
  /// announced itself (a Kafka partition assigned): it is not idle. A new
  /// input holds the others back until its first record or until it goes
  /// idle, so that a partition read later than another (Kafka hands
  /// partitions one after another) finds no window closed before it.
  void touch(const source_partition& from, clock::time_point now) {
    auto [i, added] = inputs_.try_emplace(from, delay_ms_);
    i->second.last_seen = now;
  }

  /// The watermark at `now`: the lowest over the inputs that are not idle.
  /// With every input idle none holds the others back: the most advanced
  /// one's (what came is complete up to there). idle_watermark before any
  /// input had a timestamp.
  int64_t current(clock::time_point now) const {
    auto lowest = idle_watermark;
    auto highest = no_watermark;
    for (auto& [from, input] : inputs_) {
      auto mark = input.newest.current();
      highest = std::max(highest, mark);
      if (idle_timeout_.count() == 0 || now - input.last_seen < idle_timeout_)
        lowest = std::min(lowest, mark);
    }
    if (lowest == idle_watermark && !inputs_.empty())
      return highest;
    return lowest;
  }

  /// Whether inputs can go idle: the owner then looks again now and then.
  bool has_idle_timeout() const noexcept { return idle_timeout_.count() > 0; }

  std::chrono::milliseconds idle_timeout() const noexcept {
    return idle_timeout_;
  }

private:
  struct input_clock {
    explicit input_clock(int64_t delay_ms) : newest(delay_ms) {}
    bounded_out_of_orderness newest;
    clock::time_point last_seen{};
  };

  int64_t delay_ms_;
  std::chrono::milliseconds idle_timeout_;
  std::map<source_partition, input_clock> inputs_;
};

} // namespace eddy
