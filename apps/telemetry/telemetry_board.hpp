// What the dashboard's telemetry panel draws besides the job's rates and
// sinks: events per second by outcome and the end-to-end latency, both as
// lines over time. Writers on the validated, duplicates and dead-letter
// outputs feed it.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <vector>

#include "apps/telemetry/telemetry_event.hpp"
#include "messages/dead_letter.hpp"
#include "messages/job_status.hpp"

namespace eddy::telemetry {

/// What became of an event, as the panel counts it.
enum class outcome : uint8_t {
  valid,
  out_of_range,
  unknown_type,
  duplicate,
  malformed,
  stale, // or from the future
};

inline constexpr size_t outcome_count = 6;

class telemetry_board {
public:
  /// How many recent latencies the percentiles are of.
  static constexpr size_t latency_samples = 8192;

  /// Validated events (their latency: the wall clock now less their
  /// timestamp) and duplicates.
  void add(const std::vector<event>& events);

  /// Dead letters: stale and future ones by their reason, the rest
  /// malformed.
  void add(const std::vector<dead_letter>& letters);

  /// Totals so far, by outcome.
  std::array<uint64_t, outcome_count> totals() const;

  /// "Events per second by outcome" and "End-to-end latency" (p50 and p99
  /// of the latest latency_samples, ms), both series.
  std::vector<job_figure> figures();

private:
  using clock = std::chrono::steady_clock;

  mutable std::mutex mtx_;
  std::array<uint64_t, outcome_count> totals_{};
  std::vector<int64_t> latencies_; // a ring of latency_samples
  size_t next_latency_ = 0;
  // The rates of the last full second, from totals sampled a second apart.
  std::array<uint64_t, outcome_count> sampled_{};
  clock::time_point sampled_at_{};
  std::array<double, outcome_count> rates_{};
};

} // namespace eddy::telemetry
