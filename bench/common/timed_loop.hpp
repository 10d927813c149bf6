// Runs a step per record on this thread for a while and tells how many
// records per second it took: the single-thread figures' clock.
#pragma once

#include <chrono>
#include <cstdint>

#include "bench/common/stopwatch.hpp"

namespace eddy::bench {

/// Records between two looks at the clock: few enough that a run overshoots
/// its time by little, enough that the clock costs nothing.
constexpr uint64_t records_per_clock_read = 1 << 12;

/// Calls `step(i)` for i = 0, 1, 2, ... until `time` has passed (checked
/// every records_per_clock_read calls); returns the calls per second.
template <class Step>
double records_per_second(std::chrono::seconds time, Step&& step) {
  auto limit_ms = static_cast<double>(time.count()) * 1000;
  uint64_t done = 0;
  stopwatch clock;
  while (clock.elapsed_ms() < limit_ms) {
    for (uint64_t i = 0; i < records_per_clock_read; ++i)
      step(done + i);
    done += records_per_clock_read;
  }
  return static_cast<double>(done) / (clock.elapsed_ms() / 1000);
}

} // namespace eddy::bench
