// What the dashboard's sensors panel draws besides the job's rates and
// sinks: alerts by threshold and the latest alerts. A writer on the alerts
// output feeds it (what a restarted partition emits again is dropped by the
// sink before it, so nothing counts twice).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

#include "actors/record_writer.hpp"
#include "apps/sensors/sensor_rollup.hpp"
#include "messages/job_status.hpp"

namespace eddy::sensors {

/// Alerts seen, shared by the writer (the sink's thread) and the status
/// report (any thread).
class alert_board {
public:
  /// How many alerts "Latest alerts" lists.
  static constexpr size_t latest_count = 10;

  void add(const std::vector<alert>& alerts);

  /// "Alerts by threshold" (3 bars) and "Latest alerts" (newest first, each
  /// `<device> <window start, UTC> <thresholds>` with its first crossing
  /// value).
  std::vector<job_figure> figures() const;

private:
  mutable std::mutex mtx_;
  std::array<int64_t, 3> by_threshold_{};
  std::deque<alert> latest_;
};

/// What feeds the board: a writer on the alerts output.
using alert_board_writer = board_writer<alert, alert_board>;

} // namespace eddy::sensors
