// Where a job's partitions are now and how they are doing: the current
// actor handle of each partition (replaced by the supervisor on restart),
// the state it serves reads from, its health, restarts and record count.
// Shared by the supervisor (writer), sources and the HTTP front (readers);
// safe from any thread.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "messages/job_status.hpp"

namespace eddy {

enum class partition_health { running, restarting, failed };

// A running partition is "recovering" until every source has sent it again
// what it had not persisted: until then it would answer reads with values
// older than ones it already gave out.

/// A partition the supervisor started: its actor and the state that reads
/// look at (a `View` has `retire()`; with `void`, reads go elsewhere).
template <class Handle, class View = void>
struct started_partition {
  Handle handle;
  std::shared_ptr<View> view;
};

template <class Handle, class View = void>
class partition_directory {
public:
  partition_directory(std::string job, size_t partitions)
      : job_(std::move(job)), slots_(partitions) {
    for (auto& slot : slots_)
      slot = std::make_unique<slot_type>();
  }

  size_t size() const noexcept { return slots_.size(); }
  const std::string& job() const noexcept { return job_; }

  /// The handle of partition `p` if it is running.
  std::optional<Handle> running(size_t p) const {
    std::lock_guard guard{mtx_};
    auto& slot = *slots_[p];
    if (slot.health != partition_health::running)
      return std::nullopt;
    return slot.handle;
  }

  /// The latest handle of every partition, running or not (to wait for
  /// them at shutdown).
  std::vector<Handle> handles() const {
    std::lock_guard guard{mtx_};
    std::vector<Handle> result;
    for (auto& slot : slots_)
      if (slot->handle)
        result.push_back(slot->handle);
    return result;
  }

  /// The state of partition `p` if it is running and has caught up with
  /// its replay: what reads may look at. Null otherwise.
  std::shared_ptr<View> serving(size_t p) const {
    std::lock_guard guard{mtx_};
    auto& slot = *slots_[p];
    if (slot.health != partition_health::running || slot.replaying > 0)
      return nullptr;
    return slot.view;
  }

  /// Whether partition `p` runs but still replays.
  bool recovering(size_t p) const {
    std::lock_guard guard{mtx_};
    auto& slot = *slots_[p];
    return slot.health == partition_health::running && slot.replaying > 0;
  }

  /// One source has sent partition `p` everything it had to replay.
  void replayed(size_t p) {
    std::lock_guard guard{mtx_};
    if (slots_[p]->replaying > 0)
      --slots_[p]->replaying;
  }

  partition_health health(size_t p) const {
    std::lock_guard guard{mtx_};
    return slots_[p]->health;
  }

  /// Publishes a started (or restarted) partition, which recovers until
  /// `sources` sources reported replayed().
  void set_running(size_t p, started_partition<Handle, View> started,
                   size_t sources = 0) {
    std::lock_guard guard{mtx_};
    auto& slot = *slots_[p];
    retire_view(slot);
    slot.handle = std::move(started.handle);
    slot.view = std::move(started.view);
    slot.health = partition_health::running;
    slot.replaying = sources;
  }

  /// Records that partition `p` died for `reason` and is being restarted.
  void set_restarting(size_t p, std::string reason) {
    std::lock_guard guard{mtx_};
    slots_[p]->restarts += 1;
    set_down(*slots_[p], std::move(reason));
  }

  /// Records that partition `p` waits for `reason` to pass (its state store
  /// cannot write) before it starts again: no restart of its own.
  void set_waiting(size_t p, std::string reason) {
    std::lock_guard guard{mtx_};
    set_down(*slots_[p], std::move(reason));
  }

  /// Records that partition `p` is given up on.
  void set_failed(size_t p, std::string reason) {
    std::lock_guard guard{mtx_};
    retire_view(*slots_[p]);
    slots_[p]->health = partition_health::failed;
    slots_[p]->last_reason = std::move(reason);
  }

  /// Counts records applied by partition `p` (across its incarnations).
  void add_processed(size_t p, uint64_t n) noexcept {
    slots_[p]->processed.fetch_add(n, std::memory_order_relaxed);
  }

  /// A snapshot for /v1/jobs.
  job_status status() const {
    std::lock_guard guard{mtx_};
    job_status result;
    result.name = job_;
    result.state = run_state::running;
    for (size_t p = 0; p < slots_.size(); ++p) {
      auto& slot = *slots_[p];
      auto state =
          slot.health == partition_health::running && slot.replaying > 0
              ? run_state::recovering
              : state_of(slot.health);
      result.partitions.push_back(
          {static_cast<int32_t>(p), state,
           slot.processed.load(std::memory_order_relaxed), slot.restarts,
           slot.last_reason, actor_report{}});
      // The job is as bad as its worst partition.
      result.state = std::max(result.state, state);
    }
    return result;
  }

private:
  static run_state state_of(partition_health h) {
    switch (h) {
    case partition_health::running:
      return run_state::running;
    case partition_health::restarting:
      return run_state::restarting;
    default:
      return run_state::failed;
    }
  }

  struct slot_type {
    Handle handle;
    std::shared_ptr<View> view;
    partition_health health = partition_health::restarting;
    uint32_t restarts = 0;
    std::string last_reason;
    std::atomic<uint64_t> processed{0};
    size_t replaying = 0; // sources yet to finish their replay
  };

  // A reader may still hold the dead partition's view: retiring it makes
  // that reader fail instead of answering a value older than one the
  // successor answered since.
  static void retire_view(slot_type& slot) {
    if constexpr (!std::is_void_v<View>)
      if (slot.view)
        slot.view->retire();
    slot.view.reset();
  }

  static void set_down(slot_type& slot, std::string reason) {
    retire_view(slot);
    slot.health = partition_health::restarting;
    slot.last_reason = std::move(reason);
  }

  std::string job_;
  mutable std::mutex mtx_;
  std::vector<std::unique_ptr<slot_type>> slots_;
};

} // namespace eddy
