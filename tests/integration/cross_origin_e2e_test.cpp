// Cross-site requests from a real headless Chromium against a real eddy,
// driven by tests/e2e/cross_origin.e2e.mjs with playwright-core: a page of
// another origin can neither post a transaction nor follow the live feed,
// the dashboard's own origin can do both (issue 14).
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "tests/support/browser_script.hpp"
#include "tests/support/eddy_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;

namespace eddy::test {

TEST_CASE("a page of another origin in a browser cannot post to eddy nor "
          "follow its feed, the dashboard's origin can") {
  temp_dir dir;
  eddy_process eddy{dir.path(), {}};
  run_browser_script(
      "cross_origin.e2e.mjs",
      {"--url", "http://127.0.0.1:" + std::to_string(eddy.port()) + "/"},
      "cross-origin e2e: passed", 120s);
}

} // namespace eddy::test
