// Runs the eddy-check program as a child process of a test, to its end.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace eddy::test {

struct program_run {
  int exit_code = -1;
  std::vector<std::string> lines; // stdout
};

/// Runs eddy-check (from EDDY_BIN_DIR) with `args`, waiting at most
/// `timeout` for each line; fails the test if it does not exit normally.
program_run
run_eddy_check(const std::vector<std::string>& args,
               std::chrono::milliseconds timeout = std::chrono::seconds{120});

} // namespace eddy::test
