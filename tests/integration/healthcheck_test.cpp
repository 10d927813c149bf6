// The container's health probe (docker/healthcheck.sh) against a real eddy:
// healthy while every partition runs, unhealthy while one cannot.
#include <sys/wait.h>

#include <chrono>
#include <string>
#include <thread>

#include <doctest/doctest.h>

#include "tests/support/child_process.hpp"
#include "tests/support/eddy_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {

// The probe's exit code against the API on `port`.
int probe(uint16_t port) {
  test::child_process check{
      "/usr/bin/env",
      {"EDDY_HTTP_PORT=" + std::to_string(port), "bash",
       std::string{EDDY_SOURCE_DIR} + "/docker/healthcheck.sh"}};
  REQUIRE(check.wait(10s));
  auto status = check.exit_status();
  REQUIRE(status);
  REQUIRE(WIFEXITED(*status));
  return WEXITSTATUS(*status);
}

} // namespace

TEST_CASE("the container's health probe passes while the job is ready and "
          "fails while a partition is down") {
  test::temp_dir dir;
  // A crashed partition stays down for a minute before its restart.
  test::eddy_process eddy{dir.path(),
                          {{"admin.token", "secret"},
                           {"admin.fault_injection", "true"},
                           {"restart.delay.ms", "60000"}}};
  CHECK(probe(eddy.port()) == 0);
  auto crash =
      eddy.post_admin("/v1/jobs/inventory/partitions/1/crash", "secret");
  REQUIRE(crash.status == 202);
  auto result = probe(eddy.port());
  for (int i = 0; i < 50 && result == 0; ++i) {
    std::this_thread::sleep_for(100ms);
    result = probe(eddy.port());
  }
  CHECK(result == 1);
  eddy.stop();
  // Nothing listening: unhealthy too.
  CHECK(probe(eddy.port()) != 0);
}
