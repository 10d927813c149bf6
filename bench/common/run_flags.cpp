// Reads the flags the figure-measuring programs share.
#include "bench/common/run_flags.hpp"

#include <algorithm>

#include "bench/common/command_line.hpp"
#include "bench/common/eddy_program.hpp"

namespace eddy::bench {

namespace {

/// More runs than anyone waits for.
constexpr int most_runs = 1000;

} // namespace

bool run_flags::runs(const std::string& name) const {
  return only.empty() ||
         std::find(only.begin(), only.end(), name) != only.end();
}

std::string run_flags::eddy() const {
  return eddy_program.empty() ? eddy_next_to_this_program() : eddy_program;
}

bool read_run_flag(std::string_view flag, std::string_view value,
                   const std::vector<std::string>& figures, run_flags& flags) {
  if (flag == "--repeat")
    flags.repeat = bounded_number(flag, value, most_runs);
  else if (flag == "--dir")
    flags.dir = value;
  else if (flag == "--eddy")
    flags.eddy_program = value;
  else if (flag == "--only")
    flags.only.push_back(one_of(flag, value, figures));
  else
    return false;
  return true;
}

} // namespace eddy::bench
