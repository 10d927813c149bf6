// What the dashboard's ipdr panel shows: usage per hour of day and the top
// modems, summed over the windows this process closed. A writer on the
// usage output feeds it (what a restarted partition emits again is dropped
// by the sink before it, so nothing counts twice).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/record_writer.hpp"
#include "apps/ipdr/ipdr_record.hpp"
#include "messages/job_status.hpp"

namespace eddy::ipdr {

/// Usage totals, shared by the writer (the sink's thread) and the status
/// report (any thread).
class usage_board {
public:
  /// How many modems the ranking shows.
  static constexpr size_t top_modems = 10;

  /// Adds the usage of closed windows.
  void add(const std::vector<usage>& records);

  /// "Usage per hour of day" (24 bars) and "Top modems by usage" (a
  /// ranking), as of now.
  std::vector<job_figure> figures() const;

private:
  mutable std::mutex mtx_;
  std::array<int64_t, 24> by_hour_{};
  std::unordered_map<std::string, int64_t> by_mac_;
};

/// What feeds the board: a writer on the usage output.
using usage_board_writer = board_writer<usage, usage_board>;

} // namespace eddy::ipdr
