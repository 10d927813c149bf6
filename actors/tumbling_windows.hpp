// Keyed tumbling windows over a watermark, free of actors so tests can drive
// them directly: accumulators per (key, window) and their emission, in order,
// once the watermark passes a window's end.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

#include "actors/keyed_state.hpp"

namespace eddy {

/// Windows of `size_ms` aligned to the epoch: [start, start + size_ms).
/// Timestamps are ms since the epoch; they must stay at least `size_ms` away
/// from the limits of int64_t (window bounds are computed without overflow
/// checks).
///
/// Each window's table remembers which accumulators changed since its last
/// drain, so a checkpoint writes only those (see for_each_window and
/// window_operator::take_snapshot).
template <class Acc>
class tumbling_windows {
public:
  /// Precondition: size_ms > 0.
  explicit tumbling_windows(int64_t size_ms) noexcept : size_ms_(size_ms) {}

  /// The start of the window holding `ts`; rounds down for negative `ts`.
  int64_t window_start(int64_t ts) const noexcept {
    auto rem = ts % size_ms_;
    return rem < 0 ? ts - rem - size_ms_ : ts - rem;
  }

  /// Calls `update(Acc&)` on the accumulator of `key` in the window holding
  /// `ts`, value-initializing it first if new. Returns false and changes
  /// nothing when the record is late: its window ended at or before the
  /// watermark and was therefore emitted already.
  template <class F>
  bool add(int64_t ts, std::string_view key, F&& update) {
    auto end = window_start(ts) + size_ms_;
    if (end <= watermark_)
      return false;
    std::invoke(std::forward<F>(update), windows_[end].upsert(key));
    return true;
  }

  /// Starts loading the accumulator `add(ts, key, ...)` would update into
  /// the cache: the operator calls it a few records ahead.
  [[gnu::always_inline]] void prefetch(int64_t ts, std::string_view key) const {
    if (auto w = windows_.find(window_start(ts) + size_ms_);
        w != windows_.end())
      w->second.prefetch(key);
  }

  /// Puts back a persisted accumulator (a restore), not marked changed.
  void load(int64_t end, std::string_view key, Acc acc) {
    windows_[end].load(key, std::move(acc));
  }

  /// Puts back a persisted watermark (a restore).
  void restore_watermark(int64_t watermark) noexcept { watermark_ = watermark; }

  /// Calls `visit(int64_t end, keyed_state<Acc>&)` for every open window,
  /// by end: a checkpoint drains a window's changes or writes it whole.
  template <class F>
  void for_each_window(F&& visit) {
    for (auto& [end, keys] : windows_)
      visit(end, keys);
  }

  /// Moves the watermark to `watermark` (ignored if not ahead of the current
  /// one) and emits every window ending at or before it, ordered by window
  /// end, then key, as `emit(std::string_view key, int64_t start,
  /// int64_t end, Acc&&)`. Emitted windows are forgotten.
  template <class Emit>
  void advance_to(int64_t watermark, Emit&& emit) {
    if (watermark <= watermark_)
      return;
    watermark_ = watermark;
    std::vector<std::pair<std::string_view, Acc*>> ordered;
    auto last = windows_.upper_bound(watermark);
    for (auto w = windows_.begin(); w != last; ++w) {
      // Hash order is arbitrary; sort so output is reproducible.
      ordered.clear();
      w->second.for_each([&](std::string_view key, Acc& acc) {
        ordered.emplace_back(key, &acc);
      });
      std::sort(ordered.begin(), ordered.end(),
                [](auto& x, auto& y) { return x.first < y.first; });
      auto end = w->first;
      for (auto& [key, acc] : ordered)
        emit(key, end - size_ms_, end, std::move(*acc));
    }
    windows_.erase(windows_.begin(), last);
  }

  /// The watermark: windows ending at or before it are closed. INT64_MIN
  /// until the first advance.
  int64_t watermark() const noexcept { return watermark_; }

  /// The number of open (key, window) accumulators.
  size_t open_windows() const noexcept {
    size_t open = 0;
    for (auto& [end, keys] : windows_)
      open += keys.size();
    return open;
  }

  int64_t size_ms() const noexcept { return size_ms_; }

private:
  int64_t size_ms_;
  int64_t watermark_ = std::numeric_limits<int64_t>::min();
  /// Window end -> accumulators by key; ordered so advancing only touches
  /// the windows it closes. Flat tables: a window holds an accumulator for
  /// most items, and a node-based map's lookups were a fifth of the whole
  /// job's time.
  std::map<int64_t, keyed_state<Acc>> windows_;
};

} // namespace eddy
