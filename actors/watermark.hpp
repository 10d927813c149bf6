// Event-time watermarks: how far event time has certainly advanced, given
// that records arrive at most a fixed delay out of order (Flink's
// BoundedOutOfOrdernessWatermarks).
#pragma once

#include <cstdint>
#include <limits>

namespace eddy {

class bounded_out_of_orderness {
public:
  /// `delay_ms` is how far behind the newest record seen a record may still
  /// arrive without being late. Precondition: delay_ms >= 0.
  explicit bounded_out_of_orderness(int64_t delay_ms) noexcept
      : delay_ms_(delay_ms) {}

  /// Records that an event with timestamp `ts` (ms) was seen.
  void observe(int64_t ts) noexcept {
    if (!has_seen_ || ts > max_ts_) {
      max_ts_ = ts;
      has_seen_ = true;
    }
  }

  /// The watermark: every record with a timestamp <= current() is expected
  /// to have arrived. INT64_MIN before any record. Never goes backwards.
  int64_t current() const noexcept {
    constexpr auto lowest = std::numeric_limits<int64_t>::min();
    // Saturate instead of overflowing for timestamps near INT64_MIN.
    if (!has_seen_ || max_ts_ < lowest + delay_ms_ + 1)
      return lowest;
    return max_ts_ - delay_ms_ - 1;
  }

  int64_t delay_ms() const noexcept { return delay_ms_; }

  /// The newest timestamp seen, or INT64_MIN before any record (what a
  /// checkpoint persists; observe() it again to restore).
  int64_t newest() const noexcept {
    return has_seen_ ? max_ts_ : std::numeric_limits<int64_t>::min();
  }

private:
  int64_t delay_ms_;
  int64_t max_ts_ = std::numeric_limits<int64_t>::min();
  bool has_seen_ = false;
};

} // namespace eddy
