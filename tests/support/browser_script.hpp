// Runs one of tests/e2e/*.mjs (a browser test driving Debian's headless
// Chromium with playwright-core) with Node, and checks that it passed.
// Header-only: the paths come from the integration tests' compile
// definitions (EDDY_NODE, EDDY_E2E_DIR, EDDY_CHROMIUM).
#pragma once

#include <doctest/doctest.h>

#include <sys/wait.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/support/child_process.hpp"

namespace eddy::test {

/// Runs `script` with `arguments` and --chromium, shows what it printed,
/// and checks that it exited 0 printing `passed_line`. `patience` bounds
/// the wait for each line: each step has its own timeout in the script,
/// this one only guards against a script that hangs altogether.
inline void run_browser_script(const std::string& script,
                               std::vector<std::string> arguments,
                               const std::string& passed_line,
                               std::chrono::seconds patience) {
  arguments.insert(arguments.begin(), std::string{EDDY_E2E_DIR} + "/" + script);
  arguments.push_back("--chromium");
  arguments.push_back(EDDY_CHROMIUM);
  child_process browser{EDDY_NODE, arguments};
  std::string output;
  while (auto line = browser.read_line(patience))
    output += *line + "\n";
  REQUIRE_MESSAGE(browser.wait(std::chrono::seconds{30}),
                  "the browser test hangs:\n"
                      << output);
  MESSAGE(script << " printed:\n" << output);
  auto status = browser.exit_status();
  REQUIRE(status);
  CHECK_MESSAGE((WIFEXITED(*status) && WEXITSTATUS(*status) == 0),
                "the browser test failed (its error is on stderr above)");
  CHECK(output.find(passed_line) != std::string::npos);
}

} // namespace eddy::test
