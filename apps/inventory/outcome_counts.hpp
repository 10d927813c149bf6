// The inventory's transactions by outcome since the process started:
// applied, refused (the stock would go negative) and answered as repeats.
// Counted per result on the partitions' threads, each into a slot only it
// writes: a plain increment, no locked instruction and no cache line moving
// between cores per record. A report sums the slots.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <utility>
#include <vector>

#include "messages/inventory_records.hpp"

namespace eddy {

class outcome_counts {
public:
  enum class outcome : uint8_t { succeeded, failed, repeated };
  static constexpr size_t outcome_count = 3;

  outcome_counts();

  outcome_counts(const outcome_counts&) = delete;
  outcome_counts& operator=(const outcome_counts&) = delete;

  static outcome of(const transaction_result& r) noexcept {
    if (r.is_repeat)
      return outcome::repeated;
    return r.success ? outcome::succeeded : outcome::failed;
  }

  /// Counts one result; thread-safe.
  void count(const transaction_result& r) {
    auto& n = slot_of_this_thread().counts[static_cast<size_t>(of(r))];
    // Only this thread writes its slot: a load and a store suffice, atomic
    // only so that totals() may read it meanwhile.
    n.store(n.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }

  /// The counts by outcome (indexed by `outcome`), summed over the threads
  /// now; thread-safe.
  std::array<uint64_t, outcome_count> totals() const;

private:
  // A cache line each, so threads counting into neighbouring slots do not
  // share one.
  struct alignas(64) slot {
    std::array<std::atomic<uint64_t>, outcome_count> counts{};
  };

  // The slot this thread last counted into, for the counts it belongs to:
  // ids are never reused, so a slot of counts that are gone is never found.
  struct cached_slot {
    uint64_t owner; // 0: none
    slot* at;
  };
  // Inline, so that the compiler sees it needs no initialization at run
  // time (no call to reach it).
  static inline thread_local cached_slot last_used_{0, nullptr};

  slot& slot_of_this_thread() {
    if (last_used_.owner != id_)
      last_used_ = {id_, &find_or_add_slot()};
    return *last_used_.at;
  }

  slot& find_or_add_slot();

  const uint64_t id_;
  mutable std::mutex mtx_;
  std::deque<slot> slots_; // one per thread that counted; never shrinks
};

} // namespace eddy
