// Finds a program next to this one through /proc/self/exe.
#include "bench/kafka/sibling_program.hpp"

#include <unistd.h>

#include "bench/common/bench_failure.hpp"

namespace eddy::bench {

std::string sibling_program(const std::string& given, const std::string& name) {
  if (!given.empty())
    return given;
  char self[4096];
  auto n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0)
    throw bench_failure{"cannot find this program's directory; pass the "
                        "path of " +
                        name};
  std::string path{self, static_cast<size_t>(n)};
  return path.substr(0, path.rfind('/')) + "/" + name;
}

} // namespace eddy::bench
