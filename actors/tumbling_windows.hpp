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
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace eddy {

/// Windows of `size_ms` aligned to the epoch: [start, start + size_ms).
/// Timestamps are ms since the epoch; they must stay at least `size_ms` away
/// from the limits of int64_t (window bounds are computed without overflow
/// checks).
///
/// It remembers which accumulators changed since the last drain_changes()
/// so a checkpoint writes only those (see window_operator::take_snapshot).
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
    auto& keys = windows_[end];
    auto i = keys.find(key);
    if (i == keys.end()) {
      // No heterogeneous try_emplace before C++26: copy the key only here.
      i = keys.emplace(std::string{key}, entry{}).first;
      ++open_;
    }
    std::invoke(std::forward<F>(update), i->second.acc);
    if (!i->second.dirty) {
      i->second.dirty = true;
      dirty_.emplace_back(end, &*i);
    }
    return true;
  }

  /// Puts back a persisted accumulator (a restore), not marked changed.
  void load(int64_t end, std::string key, Acc acc) {
    auto [i, added] =
        windows_[end].insert_or_assign(std::move(key), entry{std::move(acc)});
    if (added)
      ++open_;
  }

  /// Puts back a persisted watermark (a restore).
  void restore_watermark(int64_t watermark) noexcept { watermark_ = watermark; }

  /// Calls `visit(int64_t end, const std::string& key, const Acc&)` for
  /// every open window changed since the last call, then forgets the
  /// changes. Windows closed meanwhile are skipped (the closed range is
  /// deleted as a whole, see watermark()).
  template <class F>
  void drain_changes(F&& visit) {
    for (auto [end, kv] : dirty_) {
      // Closed windows were erased: their pointers dangle, so test first.
      if (end <= watermark_)
        continue;
      visit(end, std::as_const(kv->first), std::as_const(kv->second.acc));
      kv->second.dirty = false;
    }
    dirty_.clear();
  }

  /// Moves the watermark to `watermark` (ignored if not ahead of the current
  /// one) and emits every window ending at or before it, ordered by window
  /// end, then key, as `emit(const std::string& key, int64_t start,
  /// int64_t end, Acc&&)`. Emitted windows are forgotten.
  template <class Emit>
  void advance_to(int64_t watermark, Emit&& emit) {
    if (watermark <= watermark_)
      return;
    watermark_ = watermark;
    std::vector<typename key_map::value_type*> ordered;
    auto last = windows_.upper_bound(watermark);
    for (auto w = windows_.begin(); w != last; ++w) {
      // Hash order is arbitrary; sort so output is reproducible.
      ordered.clear();
      for (auto& entry : w->second)
        ordered.push_back(&entry);
      std::sort(ordered.begin(), ordered.end(),
                [](auto* x, auto* y) { return x->first < y->first; });
      auto end = w->first;
      for (auto* entry : ordered)
        emit(std::as_const(entry->first), end - size_ms_, end,
             std::move(entry->second.acc));
      open_ -= w->second.size();
    }
    windows_.erase(windows_.begin(), last);
  }

  /// The watermark: windows ending at or before it are closed. INT64_MIN
  /// until the first advance.
  int64_t watermark() const noexcept { return watermark_; }

  /// The number of open (key, window) accumulators.
  size_t open_windows() const noexcept { return open_; }

  int64_t size_ms() const noexcept { return size_ms_; }

private:
  /// Lets a std::string_view find a std::string key without a copy.
  struct key_hash {
    using is_transparent = void;
    size_t operator()(std::string_view x) const noexcept {
      return std::hash<std::string_view>{}(x);
    }
  };

  struct entry {
    Acc acc{};
    bool dirty = false;
  };

  using key_map =
      std::unordered_map<std::string, entry, key_hash, std::equal_to<>>;

  int64_t size_ms_;
  int64_t watermark_ = std::numeric_limits<int64_t>::min();
  size_t open_ = 0;
  /// Window end -> accumulators by key; ordered so advancing only touches
  /// the windows it closes.
  std::map<int64_t, key_map> windows_;
  /// Changed since the last drain: (window end, entry).
  std::vector<std::pair<int64_t, typename key_map::value_type*>> dirty_;
};

} // namespace eddy
