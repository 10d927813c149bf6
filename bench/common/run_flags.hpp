// The flags of the programs that measure several figures: how many runs,
// which figures, where state goes and which eddy program runs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace eddy::bench {

/// Runs per figure unless --repeat says otherwise.
constexpr int default_repeat = 3;

struct run_flags {
  /// --repeat: runs per figure; each figure reports their median.
  int repeat = default_repeat;
  /// --dir: where state and logs go (kept); empty: a temp dir, removed.
  std::string dir;
  /// --eddy: the eddy program; empty: the one next to this program.
  std::string eddy_program;
  /// --only: the figures to run (all if empty).
  std::vector<std::string> only;

  /// Whether figure `name` runs.
  bool runs(const std::string& name) const;

  /// --eddy, or the eddy program next to this one.
  std::string eddy() const;
};

/// Reads `flag` into `flags` if it is --repeat, --dir, --eddy or --only
/// (one of `figures`) and answers true; false for any other flag. Throws
/// bench_failure for a bad value.
bool read_run_flag(std::string_view flag, std::string_view value,
                   const std::vector<std::string>& figures, run_flags& flags);

} // namespace eddy::bench
