// Elapsed wall time in milliseconds on the steady clock.
#pragma once

#include <chrono>

namespace eddy::bench {

class stopwatch {
public:
  double elapsed_ms() const {
    return std::chrono::duration<double, std::milli>(clock::now() - start_)
        .count();
  }

private:
  using clock = std::chrono::steady_clock;
  clock::time_point start_ = clock::now();
};

} // namespace eddy::bench
