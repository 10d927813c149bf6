// Which event-time windows a timestamp belongs to: tumbling or sliding
// windows of a fixed size, aligned to the epoch.
#pragma once

#include <cstdint>

namespace eddy {

/// Windows [start, start + size_ms) starting at every multiple of the
/// slide. A slide of 0 or of size_ms makes tumbling windows (one per
/// timestamp); a smaller one sliding windows, so a timestamp belongs to
/// every window holding it (size_ms / slide_ms of them, rounded up or
/// down). Timestamps are ms since the epoch; they must stay at least
/// size_ms away from the limits of int64_t (bounds are computed without
/// overflow checks).
struct window_assigner {
  int64_t size_ms = 0;
  /// 0 means tumbling (the same as size_ms).
  int64_t slide_ms = 0;

  /// Whether the windows can be assigned: 0 < size_ms and
  /// 0 <= slide_ms <= size_ms (a larger slide would leave gaps that hold no
  /// window).
  bool is_valid() const noexcept {
    return size_ms > 0 && slide_ms >= 0 && slide_ms <= size_ms;
  }

  /// The distance between window starts.
  int64_t slide() const noexcept { return slide_ms == 0 ? size_ms : slide_ms; }

  bool is_tumbling() const noexcept { return slide() == size_ms; }

  /// The start of the last window holding `ts`: the multiple of the slide
  /// at or before it (rounding down for negative `ts` too).
  int64_t last_start(int64_t ts) const noexcept {
    return round_down(ts, slide());
  }

  /// The start of the first window holding `ts`: the smallest multiple of
  /// the slide after ts - size_ms.
  int64_t first_start(int64_t ts) const noexcept {
    return round_down(ts - size_ms + slide(), slide());
  }

  /// Calls `visit(int64_t start, int64_t end)` for every window holding
  /// `ts`, by start.
  template <class F>
  void for_each_window(int64_t ts, F&& visit) const {
    auto step = slide();
    for (auto start = first_start(ts), last = last_start(ts); start <= last;
         start += step)
      visit(start, start + size_ms);
  }

private:
  // The multiple of `step` at or before `ts`: C++ division truncates
  // towards zero, which would round negative timestamps up.
  static int64_t round_down(int64_t ts, int64_t step) noexcept {
    auto rem = ts % step;
    return rem < 0 ? ts - rem - step : ts - rem;
  }
};

} // namespace eddy
