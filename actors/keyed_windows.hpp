// Keyed event-time windows over a watermark, free of actors so tests can
// drive them directly: tumbling or sliding windows (window_assigner), an
// accumulator per (key, window), each window fired once the watermark
// reaches its last millisecond and kept for late records up to an allowed
// lateness (the semantics of Flink's WindowOperator).
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
#include "actors/window_assigner.hpp"
#include "messages/stream.hpp"

namespace eddy {

/// A watermark W promises that no record at or before W is still coming,
/// so a window [start, end) is complete, and fires, once end - 1 <= W
/// (Flink's window.maxTimestamp() <= W). It stays until
/// end - 1 + allowed lateness <= W, so that a record arriving late but
/// within the lateness still updates it, then it is purged: a record whose
/// windows are all purged is late. With no lateness a window is purged as
/// it fires.
///
/// Each window's table remembers which accumulators changed since its last
/// drain, so a checkpoint writes only those (see for_each_window and
/// window_operator::take_snapshot).
template <class Acc>
class keyed_windows {
public:
  /// What add() calls for a fired window it updated, by default: nothing.
  struct ignore_refired {
    template <class... Ts>
    void operator()(Ts&&...) const noexcept {}
  };

  /// Preconditions: assigner.is_valid(), allowed_lateness_ms >= 0.
  explicit keyed_windows(window_assigner assigner,
                         int64_t allowed_lateness_ms = 0) noexcept
      : assigner_{assigner.size_ms, assigner.slide()},
        is_tumbling_(assigner.is_tumbling()),
        lateness_ms_(allowed_lateness_ms) {}

  /// Calls `update(Acc&)` on the accumulator of `key` in every window
  /// holding `ts` that is not purged, value-initializing it first if new.
  /// Each of those windows that fired already fires again at once: add
  /// calls `refired(std::string_view key, int64_t start, int64_t end,
  /// const Acc&)` with its updated accumulator, by end. Returns false and
  /// changes nothing when the record is late: every window holding it was
  /// purged.
  template <class F, class Refired = ignore_refired>
  bool add(int64_t ts, std::string_view key, F&& update,
           Refired&& refired = {}) {
    auto size = assigner_.size_ms;
    auto last_end = assigner_.last_start(ts) + size;
    // Windows are purged in end order, so the last one is the one kept
    // longest.
    if (last_end < first_kept_end_)
      return false;
    if (is_tumbling_) {
      add_to(windows_[last_end], last_end, key, update, refired);
      return true;
    }
    auto step = assigner_.slide_ms;
    auto end = assigner_.first_start(ts) + size;
    while (end < first_kept_end_)
      end += step;
    auto w = windows_.lower_bound(end);
    for (; end <= last_end; end += step) {
      // Every end is a multiple of the slide plus the size, so the next
      // window, if present, follows this one in the map.
      w = windows_.try_emplace(w, end);
      add_to(w->second, end, key, update, refired);
      ++w;
    }
    return true;
  }

  /// Starts loading the accumulators `add(ts, key, ...)` would update into
  /// the cache: the operator calls it a few records ahead.
  [[gnu::always_inline]] void prefetch(int64_t ts, std::string_view key) const {
    if (is_tumbling_) {
      prefetch_in(assigner_.last_start(ts) + assigner_.size_ms, key);
      return;
    }
    assigner_.for_each_window(
        ts, [&](int64_t, int64_t end) { prefetch_in(end, key); });
  }

  /// Puts back a persisted accumulator (a restore), not marked changed.
  /// Drops it if its window is purged by the watermark already (restored
  /// first; a store written with a longer lateness may hold such windows).
  void load(int64_t end, std::string_view key, Acc acc) {
    if (end >= first_kept_end_)
      windows_[end].load(key, std::move(acc));
  }

  /// Puts back a persisted watermark (a restore): the windows it reached
  /// count as fired, without firing them.
  void restore_watermark(int64_t watermark) noexcept {
    set_watermark(watermark);
  }

  /// Calls `visit(int64_t end, keyed_state<Acc>&)` for every window held,
  /// fired or not, by end: a checkpoint drains a window's changes or writes
  /// it whole.
  template <class F>
  void for_each_window(F&& visit) {
    for (auto& [end, keys] : windows_)
      visit(end, keys);
  }

  /// Calls `visit(int64_t start, int64_t end, const Acc&)` for every window
  /// held, fired or not, that has an accumulator for `key`, by end. Changes
  /// nothing, not even change marks.
  template <class F>
  void for_each_window_of(std::string_view key, F&& visit) const {
    for (auto& [end, keys] : windows_)
      if (auto* acc = keys.find(key))
        visit(end - assigner_.size_ms, end, *acc);
  }

  /// Moves the watermark to `watermark` (ignored unless ahead of the
  /// current one). Fires every window not fired before whose last
  /// millisecond it reaches, ordered by window end, then key, as
  /// `emit(std::string_view key, int64_t start, int64_t end, const Acc&)`;
  /// then purges the windows whose allowed lateness it passed.
  template <class Emit>
  void advance_to(int64_t watermark, Emit&& emit) {
    if (watermark <= watermark_)
      return;
    auto fired_before = first_unfired_end_;
    set_watermark(watermark);
    std::vector<std::pair<std::string_view, const Acc*>> ordered;
    for (auto w = windows_.lower_bound(fired_before);
         w != windows_.end() && w->first < first_unfired_end_; ++w) {
      // Hash order is arbitrary; sort so output is reproducible.
      ordered.clear();
      w->second.for_each([&](std::string_view key, const Acc& acc) {
        ordered.emplace_back(key, &acc);
      });
      std::sort(ordered.begin(), ordered.end(),
                [](auto& x, auto& y) { return x.first < y.first; });
      auto end = w->first;
      for (auto& [key, acc] : ordered)
        emit(key, end - assigner_.size_ms, end, *acc);
    }
    windows_.erase(windows_.begin(), windows_.lower_bound(first_kept_end_));
  }

  /// The watermark: records at or before it are complete. no_watermark
  /// until the first advance.
  int64_t watermark() const noexcept { return watermark_; }

  /// Whether the window ending at `end` has fired: the watermark reached
  /// end - 1.
  bool has_fired(int64_t end) const noexcept {
    return end < first_unfired_end_;
  }

  /// The smallest end a window may have and not be purged: the windows
  /// ending before it are gone (a checkpoint deletes them from the store).
  /// INT64_MIN before the first advance.
  int64_t first_kept_end() const noexcept { return first_kept_end_; }

  /// The number of (key, window) accumulators held, in windows not fired
  /// yet and in fired ones kept for late records.
  size_t open_windows() const noexcept {
    size_t open = 0;
    for (auto& [end, keys] : windows_)
      open += keys.size();
    return open;
  }

  /// The window size and slide (the slide is never 0 here).
  const window_assigner& assigner() const noexcept { return assigner_; }

  int64_t size_ms() const noexcept { return assigner_.size_ms; }

  int64_t allowed_lateness_ms() const noexcept { return lateness_ms_; }

private:
  template <class F, class Refired>
  void add_to(keyed_state<Acc>& keys, int64_t end, std::string_view key,
              F& update, Refired& refired) {
    auto& acc = keys.upsert(key);
    std::invoke(update, acc);
    if (end < first_unfired_end_)
      std::invoke(refired, key, end - assigner_.size_ms, end,
                  std::as_const(acc));
  }

  [[gnu::always_inline]] void prefetch_in(int64_t end,
                                          std::string_view key) const {
    if (auto w = windows_.find(end); w != windows_.end())
      w->second.prefetch(key);
  }

  // Bounds move with the watermark, computed once here rather than per
  // record; saturating, since a watermark may be INT64_MAX (the end of a
  // bounded input) and a lateness as large as anyone configures.
  void set_watermark(int64_t watermark) noexcept {
    watermark_ = watermark;
    if (watermark == no_watermark) {
      first_unfired_end_ = std::numeric_limits<int64_t>::min();
      first_kept_end_ = std::numeric_limits<int64_t>::min();
      return;
    }
    // Fired: end - 1 <= W; purged: end - 1 + lateness <= W.
    first_unfired_end_ = saturating_add(watermark, 2);
    first_kept_end_ =
        saturating_add(saturating_add(watermark, -lateness_ms_), 2);
  }

  static int64_t saturating_add(int64_t x, int64_t y) noexcept {
    int64_t sum = 0;
    if (__builtin_add_overflow(x, y, &sum))
      return y > 0 ? std::numeric_limits<int64_t>::max()
                   : std::numeric_limits<int64_t>::min();
    return sum;
  }

  window_assigner assigner_;
  bool is_tumbling_;
  int64_t lateness_ms_;
  int64_t watermark_ = no_watermark;
  int64_t first_unfired_end_ = std::numeric_limits<int64_t>::min();
  int64_t first_kept_end_ = std::numeric_limits<int64_t>::min();
  /// Window end -> accumulators by key; ordered so advancing only touches
  /// the windows it fires or purges, which are the first ones. Flat
  /// tables: a window holds an accumulator for most items, and a
  /// node-based map's lookups were a fifth of the whole job's time.
  std::map<int64_t, keyed_state<Acc>> windows_;
};

} // namespace eddy
