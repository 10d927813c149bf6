// Reads "VmRSS:    123456 kB" lines of /proc/PID/status.
#include "bench/common/process_memory.hpp"

#include <unistd.h>

#include <fstream>

#include "bench/common/bench_failure.hpp"

namespace eddy::bench {

double status_bytes(pid_t pid, const std::string& field) {
  auto path = "/proc/" + std::to_string(pid) + "/status";
  std::ifstream in{path};
  std::string line;
  while (std::getline(in, line))
    if (line.starts_with(field + ":"))
      return std::stod(line.substr(field.size() + 1)) * 1024;
  throw bench_failure{"no " + field + " in " + path};
}

double resident_bytes() {
  return status_bytes(::getpid(), "VmRSS");
}

} // namespace eddy::bench
