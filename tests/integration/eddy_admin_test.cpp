// The eddy program passes admin.token and admin.fault_injection to its HTTP
// front: the real server process, started with --set, and a real client.
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/support/eddy_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;

TEST_CASE("eddy guards its admin endpoints with the configured admin.token") {
  test::temp_dir dir;
  test::eddy_process eddy{dir.path(),
                          {{"admin.token", "op3n-sesame"},
                           {"admin.fault_injection", "true"},
                           {"savepoint.dir", dir.path() + "/savepoints"}}};
  auto saved = eddy.post_admin("/v1/jobs/inventory/savepoints", "op3n-sesame");
  REQUIRE(saved.status == 201);
  auto path = nlohmann::json::parse(saved.body)["path"].get<std::string>();
  CHECK(path.starts_with(dir.path() + "/savepoints/savepoint-"));
  auto crash = "/v1/jobs/inventory/partitions/0/crash";
  CHECK(eddy.post_admin(crash, "").status == 401);
  CHECK(eddy.post_admin(crash, "wrong").status == 401);
  CHECK(eddy.post_admin(crash, "op3n-sesame").status == 202);
}

TEST_CASE("eddy keeps fault injection off unless admin.fault_injection is "
          "set") {
  test::temp_dir dir;
  test::eddy_process eddy{dir.path(), {{"admin.token", "op3n-sesame"}}};
  auto reply =
      eddy.post_admin("/v1/jobs/inventory/partitions/0/crash", "op3n-sesame");
  CHECK(reply.status == 404);
  CHECK(reply.body.find("admin.fault_injection=true") != std::string::npos);
}

TEST_CASE("eddy without admin.token answers 403 and says so at start-up "
          "when fault injection is asked for") {
  test::temp_dir dir;
  test::eddy_process eddy{dir.path(), {{"admin.fault_injection", "true"}}};
  CHECK(eddy.start_up().find("admin.fault_injection=true has no effect until "
                             "admin.token is set") != std::string::npos);
  CHECK(eddy.post_admin("/v1/jobs/inventory/savepoints", "x").status == 403);
}
