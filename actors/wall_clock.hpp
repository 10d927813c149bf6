// The wall clock in milliseconds since the epoch: processing time, and the
// event time sources stamp on records.
#pragma once

#include <chrono>
#include <cstdint>

namespace eddy {

inline int64_t wall_clock_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
      .count();
}

} // namespace eddy
