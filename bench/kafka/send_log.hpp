// When each transaction of the latency figure was sent, by transaction id:
// the paced producer writes it, the results consumer's thread reads it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <vector>

namespace eddy::bench {

/// Now on the steady clock, in nanoseconds: the one clock the sender and
/// the results consumer (threads of this process) share.
inline int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

class send_log {
public:
  /// Room for transaction ids 0 to `capacity`-1.
  explicit send_log(size_t capacity) : sent_(capacity) {}

  size_t capacity() const { return sent_.size(); }

  /// Notes that transaction `id` (< capacity) was sent at `ns`.
  void record(int64_t id, int64_t ns) {
    sent_[static_cast<size_t>(id)].store(ns, std::memory_order_release);
  }

  /// When transaction `id` was sent, or 0 if it was not (or is out of
  /// range).
  int64_t sent_at(int64_t id) const {
    if (id < 0 || static_cast<size_t>(id) >= sent_.size())
      return 0;
    return sent_[static_cast<size_t>(id)].load(std::memory_order_acquire);
  }

private:
  std::vector<std::atomic<int64_t>> sent_;
};

} // namespace eddy::bench
