// What the dashboard's machines panel draws besides the job's rates and
// sinks: each machine's power per channel and the readings per second by
// what became of them, both as lines over time. Writers on the job's
// outputs and its dead letters feed it.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "apps/machines/machine_reading.hpp"
#include "messages/dead_letter.hpp"
#include "messages/job_status.hpp"

namespace eddy::machines {

/// What the panel counts, each route and the malformed states.
enum class tally : uint8_t { split, powers, late, unmatched, malformed };

inline constexpr size_t tally_count = 5;

class machine_board {
public:
  /// The most lines the power chart draws (the first machines' channels
  /// by name): more would be unreadable.
  static constexpr size_t most_power_lines = 16;

  /// Readings of any output: counted by route; powers kept as their
  /// channel's latest.
  void add(const std::vector<reading>& readings);

  /// Malformed states.
  void add(const std::vector<dead_letter>& letters);

  /// Totals so far.
  std::array<uint64_t, tally_count> totals() const;

  /// "Power per machine and channel" (W, the latest of each) and
  /// "Readings per second", both series.
  std::vector<job_figure> figures();

private:
  using clock = std::chrono::steady_clock;

  mutable std::mutex mtx_;
  std::array<uint64_t, tally_count> totals_{};
  std::map<std::string, double> latest_power_; // by "<thing> <channel>"
  // The rates of the last full second, from totals sampled a second apart.
  std::array<uint64_t, tally_count> sampled_{};
  clock::time_point sampled_at_{};
  std::array<double, tally_count> rates_{};
};

} // namespace eddy::machines
