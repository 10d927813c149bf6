// Runs eddy-check for tests; see eddy_check_run.hpp.
#include "tests/support/eddy_check_run.hpp"

#include <sys/wait.h>

#include <doctest/doctest.h>

#include "tests/support/child_process.hpp"

namespace eddy::test {

program_run run_eddy_check(const std::vector<std::string>& args,
                           std::chrono::milliseconds timeout) {
  child_process child{std::string{EDDY_BIN_DIR} + "/eddy-check", args};
  program_run result;
  while (auto line = child.read_line(timeout))
    result.lines.push_back(*line);
  REQUIRE(child.wait(std::chrono::seconds{10}));
  REQUIRE(child.exit_status());
  REQUIRE(WIFEXITED(*child.exit_status()));
  result.exit_code = WEXITSTATUS(*child.exit_status());
  return result;
}

} // namespace eddy::test
