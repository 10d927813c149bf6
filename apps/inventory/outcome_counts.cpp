// Gives each counting thread its slot and sums the slots.
#include "apps/inventory/outcome_counts.hpp"

namespace eddy {

namespace {

std::atomic<uint64_t> next_id{1};

// Per thread, its slot in each outcome_counts it counted into (by id):
// a thread that goes back and forth between two finds its slot again.
thread_local std::vector<std::pair<uint64_t, void*>> known_slots;

} // namespace

outcome_counts::outcome_counts()
    : id_(next_id.fetch_add(1, std::memory_order_relaxed)) {}

outcome_counts::slot& outcome_counts::find_or_add_slot() {
  for (auto& [owner, at] : known_slots)
    if (owner == id_)
      return *static_cast<slot*>(at);
  slot* mine = nullptr;
  {
    std::lock_guard guard{mtx_};
    mine = &slots_.emplace_back();
  }
  known_slots.emplace_back(id_, mine);
  return *mine;
}

std::array<uint64_t, outcome_counts::outcome_count>
outcome_counts::totals() const {
  std::array<uint64_t, outcome_count> sum{};
  std::lock_guard guard{mtx_};
  for (auto& each : slots_)
    for (size_t i = 0; i < outcome_count; ++i)
      sum[i] += each.counts[i].load(std::memory_order_relaxed);
  return sum;
}

} // namespace eddy
