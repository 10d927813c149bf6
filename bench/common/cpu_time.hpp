// CPU time this process used (user + system, all threads), to tell how many
// cores a figure kept busy, and a rate per core that other load on a shared
// machine disturbs less than the wall-clock rate.
#pragma once

#include <sys/resource.h>

namespace eddy::bench {

inline double process_cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

} // namespace eddy::bench
