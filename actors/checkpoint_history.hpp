// The checkpoints a job took: the recent ones for its status page, and the
// latest completed one in the store, where a restart (or a savepoint) finds
// the source positions it covers.
#pragma once

#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "caf/expected.hpp"

#include "actors/checkpoint_record.hpp"
#include "actors/state_store.hpp"
#include "messages/job_status.hpp"
#include "messages/stream.hpp"

namespace eddy {

/// Recent checkpoints, shared between the coordinator (writes) and status
/// reports (reads, from any thread).
class checkpoint_history {
public:
  static constexpr size_t kept = 10;

  void add(checkpoint_status status) {
    std::lock_guard guard{mtx_};
    recent_.push_front(std::move(status));
    if (recent_.size() > kept)
      recent_.pop_back();
  }

  /// The latest first.
  std::vector<checkpoint_status> recent() const {
    std::lock_guard guard{mtx_};
    return {recent_.begin(), recent_.end()};
  }

private:
  mutable std::mutex mtx_;
  std::deque<checkpoint_status> recent_;
};

/// The column family and key of the latest completed checkpoint's record
/// (checkpoint_record.hpp).
inline constexpr const char* checkpoint_family = "default";
inline constexpr const char* checkpoint_record_key = "checkpoint";

/// Where `source` resumes after checkpoint `cp`: after the offset the
/// checkpoint covers, or nothing if it covers none of that source.
inline std::optional<offset_t> resume_after(const checkpoint_status& cp,
                                            const source_partition& source) {
  for (auto& pos : cp.positions)
    if (pos.source == source.source && pos.partition == source.partition)
      return pos.offset + 1;
  return std::nullopt;
}

/// The latest completed checkpoint in `store`, if any. Fails with
/// ec::storage_failure on a read error or an undecodable record.
caf::expected<std::optional<checkpoint_status>>
latest_checkpoint(const state_store& store);

} // namespace eddy
