// Polls a condition until it holds, or fails the benchmark naming what it
// waited for.
#pragma once

#include <chrono>
#include <string>
#include <thread>

#include "bench/common/bench_failure.hpp"

namespace eddy::bench {

/// The longest any one step may take (priming 10M items included) before
/// a benchmark gives up.
constexpr std::chrono::minutes step_timeout{20};

/// Calls `done()` every `poll` until it returns true; throws bench_failure
/// "timed out after N s waiting until WHAT" after `timeout`. The poll is
/// short: the figures measure to the millisecond.
template <class Condition>
void wait_until(Condition done, const std::string& what,
                std::chrono::milliseconds timeout = step_timeout,
                std::chrono::milliseconds poll = std::chrono::milliseconds{1}) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline)
      throw bench_failure{
          "timed out after " +
          std::to_string(
              std::chrono::duration_cast<std::chrono::seconds>(timeout)
                  .count()) +
          " s waiting until " + what};
    std::this_thread::sleep_for(poll);
  }
}

} // namespace eddy::bench
