// Which keys expire when: keys scheduled with an expiry time, kept in coarse
// time buckets, so that expiring them visits the keys due and never scans the
// live ones (deduplication's seen ids, state with a time-to-live).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace eddy {

/// Remembers keys with an expiry time in milliseconds, event or processing
/// time (the caller decides, and passes the same kind of time to
/// expire_until), in buckets of a fixed width, and visits each key once its
/// bucket has ended.
///
/// Contract: the index knows nothing of the state, and does not move a key
/// scheduled again (that would need a lookup per scheduling); it adds an
/// entry for every scheduling and visits each one. So a key whose expiry
/// moved on is also visited at its earlier expiry, too early: the caller
/// keeps each key's latest expiry with its value and, on a visit, erases
/// the key only if that stored expiry has passed, e.g.
///
///   index.expire_until(now, [&](std::string_view key) {
///     if (auto* seen = state.find(key); seen && seen->expires_at <= now)
///       state.erase(key);
///   });
///
/// A key is visited when its bucket ends, at most one width after its
/// expiry, never before: expire_until(now) visits a key expiring at t only
/// if t < now. So if the caller schedules every expiry it stores, the visit
/// of the latest one finds it passed, and no key outlives its expiry by
/// more than a width plus the time between calls of expire_until.
///
/// Memory: one std::string per bucket holds its keys one after another,
/// each after a one-byte length (under 128 bytes), so a 12-byte id costs
/// 13 bytes plus a growing string's slack (less than as much again), not a
/// node per key. A bucket is freed once visited.
class expiry_index {
public:
  /// Buckets `bucket_width` wide, aligned to multiples of it from time 0;
  /// widths under 1 ms are taken as 1 ms. Wider buckets cost less memory
  /// and time per bucket and expire keys later.
  explicit expiry_index(std::chrono::milliseconds bucket_width)
      : width_(std::max<int64_t>(1, bucket_width.count())) {}

  /// Remembers that `key` expires at `expires_at` (ms). A time whose bucket
  /// has ended already is visited by the next expire_until.
  void schedule(std::string_view key, int64_t expires_at) {
    auto bucket = bucket_of(expires_at);
    // Keys scheduled one after another mostly expire in the same bucket
    // (now plus a fixed time-to-live): skip the map for them.
    if (current_ == nullptr || bucket != current_bucket_) {
      current_ = &buckets_[bucket];
      current_bucket_ = bucket;
    }
    append_length(*current_, key.size());
    current_->append(key);
    ++size_;
  }

  /// Calls `visit(std::string_view key)` for every entry whose bucket ended
  /// at or before `now` (ms), earlier buckets first, within a bucket in the
  /// order scheduled, and forgets each before visiting it; answers how
  /// many it visited. `visit` may schedule keys (one it schedules into a
  /// bucket that has ended is visited before this returns), but not clear.
  template <class F>
  size_t expire_until(int64_t now, F&& visit) {
    auto due = bucket_of(now); // buckets before it ended at or before now
    size_t visited = 0;
    while (!buckets_.empty() && buckets_.begin()->first < due) {
      // Out of the map, so that keys `visit` schedules into the same
      // bucket go to a new one rather than into the string being read.
      auto node = buckets_.extract(buckets_.begin());
      if (current_ == &node.mapped())
        current_ = nullptr;
      std::string_view rest = node.mapped();
      while (!rest.empty()) {
        auto length = take_length(rest);
        auto key = rest.substr(0, length);
        rest.remove_prefix(length);
        --size_;
        ++visited;
        visit(key);
      }
    }
    return visited;
  }

  /// When the earliest bucket ends: the least `now` for which expire_until
  /// visits anything (saturating at the largest int64_t, which never
  /// comes); nullopt if nothing is scheduled. For a timer.
  std::optional<int64_t> next_due() const {
    if (buckets_.empty())
      return std::nullopt;
    auto bucket = buckets_.begin()->first;
    if (bucket >= std::numeric_limits<int64_t>::max() / width_)
      return std::numeric_limits<int64_t>::max();
    return (bucket + 1) * width_;
  }

  /// Number of entries scheduled and not visited yet (a key scheduled
  /// twice counts twice).
  size_t size() const noexcept { return size_; }

  /// Roughly the bytes the entries take: each bucket's string, capacity
  /// included, and its map node.
  size_t bytes_held() const noexcept {
    size_t total = 0;
    for (auto& [bucket, keys] : buckets_)
      total += keys.capacity() + bucket_overhead;
    return total;
  }

  /// Forgets every entry.
  void clear() {
    buckets_.clear();
    current_ = nullptr;
    size_ = 0;
  }

private:
  // A map node: three pointers and a color, the bucket and its string.
  static constexpr size_t bucket_overhead =
      4 * sizeof(void*) + sizeof(int64_t) + sizeof(std::string);

  // The bucket of time t, rounding down also before time 0.
  int64_t bucket_of(int64_t t) const noexcept {
    auto bucket = t / width_;
    return t % width_ < 0 ? bucket - 1 : bucket;
  }

  // A length in 7-bit groups, low first, the high bit set on all but the
  // last: one byte for keys under 128 bytes.
  static void append_length(std::string& out, size_t n) {
    for (; n >= 0x80; n >>= 7)
      out.push_back(static_cast<char>((n & 0x7F) | 0x80));
    out.push_back(static_cast<char>(n));
  }

  static size_t take_length(std::string_view& in) {
    size_t n = 0;
    for (int shift = 0;; shift += 7) {
      auto byte = static_cast<unsigned char>(in.front());
      in.remove_prefix(1);
      n |= size_t{byte & 0x7Fu} << shift;
      if (byte < 0x80)
        return n;
    }
  }

  int64_t width_;
  std::map<int64_t, std::string> buckets_; // by bucket (time / width)
  std::string* current_ = nullptr;         // the bucket last scheduled into
  int64_t current_bucket_ = 0;
  size_t size_ = 0;
};

} // namespace eddy
