// CPU time this process (or a child) used (user + system, all threads), to
// tell how many cores a figure kept busy, and a rate per core that other load
// on a shared machine disturbs less than the wall-clock rate.
#pragma once

#include <sys/resource.h>
#include <sys/types.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "bench/common/stopwatch.hpp"

namespace eddy::bench {

inline double process_cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

/// CPU seconds from a /proc stat file (/proc/PID/stat, or
/// /proc/PID/task/TID/stat for one thread); -1 if it cannot be read.
inline double stat_cpu_seconds(const std::string& stat_path) {
  std::ifstream in{stat_path};
  std::string stat{std::istreambuf_iterator<char>{in}, {}};
  // Fields 14 and 15 (utime, stime) count from the end of field 2, the
  // program's name in parentheses, which may itself hold spaces.
  auto name_end = stat.rfind(')');
  if (name_end == std::string::npos)
    return -1;
  std::istringstream fields{stat.substr(name_end + 1)};
  std::string skipped;
  for (int field = 3; field < 14; ++field)
    fields >> skipped;
  long long utime = 0;
  long long stime = 0;
  if (!(fields >> utime >> stime))
    return -1;
  return static_cast<double>(utime + stime) /
         static_cast<double>(::sysconf(_SC_CLK_TCK));
}

/// The same for the running process `pid` (e.g. a server the benchmark
/// started), from /proc/PID/stat; -1 if it cannot be read.
inline double process_cpu_seconds(pid_t pid) {
  return stat_cpu_seconds("/proc/" + std::to_string(pid) + "/stat");
}

/// The same for `pid` and its children that run now (e.g. a database
/// server's postmaster and the backends serving its connections; a child
/// that exited is left out); -1 if `pid`'s cannot be read.
inline double process_tree_cpu_seconds(pid_t pid) {
  auto total = process_cpu_seconds(pid);
  if (total < 0)
    return total;
  for (auto& entry : std::filesystem::directory_iterator{"/proc"}) {
    auto name = entry.path().filename().string();
    if (name.empty() ||
        name.find_first_not_of("0123456789") != std::string::npos)
      continue;
    std::ifstream in{entry.path() / "stat"};
    std::string stat{std::istreambuf_iterator<char>{in}, {}};
    auto name_end = stat.rfind(')');
    if (name_end == std::string::npos)
      continue;
    std::istringstream fields{stat.substr(name_end + 1)};
    std::string state;
    pid_t parent = 0;
    if (fields >> state >> parent && parent == pid)
      if (auto child = stat_cpu_seconds(entry.path() / "stat"); child > 0)
        total += child;
  }
  return total;
}

/// Wall and CPU time of this process since it was made: the clock of a
/// figure that reports a rate per CPU second too.
class process_stopwatch {
public:
  double seconds() const { return wall_.elapsed_ms() / 1000; }
  double cpu_seconds() const { return process_cpu_seconds() - cpu_start_; }

private:
  stopwatch wall_;
  double cpu_start_ = process_cpu_seconds();
};

} // namespace eddy::bench
