// Finds the running program's directory through /proc/self/exe.
#include "bench/common/program_path.hpp"

#include <unistd.h>

#include "bench/common/bench_failure.hpp"

namespace eddy::bench {

std::string program_next_to_this(const std::string& name) {
  char self[4096];
  auto n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0)
    throw bench_failure{"cannot find this program's directory to start " +
                        name + " from; pass its path"};
  std::string path{self, static_cast<size_t>(n)};
  return path.substr(0, path.rfind('/')) + "/" + name;
}

} // namespace eddy::bench
