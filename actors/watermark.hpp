// Event-time watermarks: how far event time has certainly advanced, given
// that records arrive at most a fixed delay out of order (Flink's
// BoundedOutOfOrdernessWatermarks).
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>

#include "messages/stream.hpp"

namespace eddy {

/// The latest event time that is believable when the wall clock reads
/// `wall_ms`: `max_future` ahead of it (saturating), or no limit
/// (idle_watermark) for a zero `max_future`.
constexpr int64_t future_limit(int64_t wall_ms,
                               std::chrono::milliseconds max_future) noexcept {
  auto ahead = max_future.count();
  if (ahead <= 0 || wall_ms > std::numeric_limits<int64_t>::max() - ahead)
    return idle_watermark;
  return wall_ms + ahead;
}

/// `watermark` held back to `limit` (see future_limit), so that one record
/// with a timestamp at the end of time cannot close every window for
/// good. no_watermark and idle_watermark are markers, not times: they pass
/// as they are.
constexpr int64_t clamp_watermark(int64_t watermark, int64_t limit) noexcept {
  if (watermark == no_watermark || watermark == idle_watermark)
    return watermark;
  return watermark < limit ? watermark : limit;
}

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
