// The admin endpoints of the HTTP front end to end: savepoints and fault
// injection behind a bearer token, with a real server, a real Beast client
// and an in-memory inventory that records the faults it is asked for.
#include "web/http_server.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "messages/error.hpp"
#include "tests/support/http_fixture.hpp"
#include "tests/support/json_reply.hpp"

using namespace std::chrono_literals;
using nlohmann::json;

namespace eddy::test {

namespace {

constexpr auto token = "s3cret-token";

/// A server with admin.token set and fault injection on.
struct admin_fixture : http_fixture {
  admin_fixture()
      : http_fixture(web::server_options{
            .port = 0, .admin_token = token, .fault_injection = true}) {}
};

/// A server with admin.token set and fault injection off.
struct no_faults_fixture : http_fixture {
  no_faults_fixture()
      : http_fixture(web::server_options{
            .port = 0, .admin_token = token, .fault_injection = false}) {}
};

/// A server with fault injection on but no admin.token.
struct no_token_fixture : http_fixture {
  no_token_fixture()
      : http_fixture(web::server_options{.port = 0, .fault_injection = true}) {}
};

/// Sends `method` `target` with "Authorization: <authorization>", or with
/// no Authorization header if it is empty.
http_reply send(http_client& client, const std::string& target,
                const std::string& authorization,
                const std::string& method = "POST") {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!authorization.empty())
    headers.emplace_back("Authorization", authorization);
  return client.request(method, target, "", "application/json", headers);
}

/// POST `target` with the right token.
http_reply admin_post(http_client& client, const std::string& target) {
  return send(client, target, std::string{"Bearer "} + token);
}

const std::vector<std::string> fault_paths = {
    "/v1/jobs/inventory/partitions/0/crash",
    "/v1/jobs/inventory/windows/0/crash",
    "/v1/jobs/inventory/sinks/0/stall",
};

} // namespace

// -- savepoints -------------------------------------------------------------

TEST_CASE_FIXTURE(admin_fixture,
                  "a savepoint is answered with 201 and the directory the "
                  "service wrote") {
  auto reply = admin_post(client, "/v1/jobs/inventory/savepoints");
  CHECK(reply.status == 201);
  CHECK(body_of(reply) == json{{"path", "/savepoints/inventory-1"}});
}

TEST_CASE_FIXTURE(admin_fixture,
                  "the savepoint is taken of the job named in the path") {
  auto reply = admin_post(client, "/v1/jobs/stock%20take/savepoints");
  CHECK(reply.status == 201);
  CHECK(body_of(reply)["path"] == "/savepoints/stock take-1");
}

TEST_CASE_FIXTURE(admin_fixture,
                  "a savepoint of an unknown job is answered with 404") {
  inventory.fail_with(ec::unknown_key);
  auto reply = admin_post(client, "/v1/jobs/nope/savepoints");
  CHECK(reply.status == 404);
  CHECK(is_error(reply, "unknown_job", "job 'nope'"));
}

TEST_CASE_FIXTURE(admin_fixture,
                  "a savepoint while no checkpoint can complete answers 503 "
                  "with Retry-After") {
  inventory.fail_with(ec::unavailable);
  auto reply = admin_post(client, "/v1/jobs/inventory/savepoints");
  CHECK(reply.status == 503);
  CHECK(reply.headers["Retry-After"] == "1");
  CHECK(is_error(reply, "unavailable", "job 'inventory'"));
}

TEST_CASE_FIXTURE(admin_fixture,
                  "reading savepoints is answered with 405 and Allow POST") {
  auto reply = send(client, "/v1/jobs/inventory/savepoints",
                    std::string{"Bearer "} + token, "GET");
  CHECK(reply.status == 405);
  CHECK(reply.headers["Allow"] == "POST");
  CHECK(is_error(reply, "method_not_allowed", "GET"));
}

// -- the token --------------------------------------------------------------

TEST_CASE_FIXTURE(no_token_fixture,
                  "without admin.token the admin endpoints answer 403") {
  for (const auto& path : {std::string{"/v1/jobs/inventory/savepoints"},
                           fault_paths[0], fault_paths[1], fault_paths[2]}) {
    CAPTURE(path);
    auto reply = send(client, path, "Bearer anything");
    CHECK(reply.status == 403);
    CHECK(body_of(reply) ==
          json{{"error", "forbidden"},
               {"detail", "admin endpoints are off: set admin.token"}});
  }
  CHECK(inventory.faults().empty());
}

TEST_CASE_FIXTURE(http_fixture, "the admin endpoints are off by default") {
  auto reply = send(client, "/v1/jobs/inventory/savepoints", "Bearer ");
  CHECK(reply.status == 403);
  CHECK(is_error(reply, "forbidden", "admin.token"));
}

TEST_CASE_FIXTURE(admin_fixture,
                  "an admin request without a token is answered with 401 "
                  "and WWW-Authenticate") {
  for (const auto& path : {std::string{"/v1/jobs/inventory/savepoints"},
                           fault_paths[0], fault_paths[1], fault_paths[2]}) {
    CAPTURE(path);
    auto reply = send(client, path, "");
    CHECK(reply.status == 401);
    CHECK(reply.headers["WWW-Authenticate"] == "Bearer");
    CHECK(is_error(reply, "unauthorized", "Authorization: Bearer"));
  }
  CHECK(inventory.faults().empty());
}

TEST_CASE_FIXTURE(admin_fixture,
                  "an admin request with a wrong token is answered with "
                  "401") {
  for (const auto& path : {std::string{"/v1/jobs/inventory/savepoints"},
                           fault_paths[0], fault_paths[1], fault_paths[2]}) {
    CAPTURE(path);
    auto reply = send(client, path, "Bearer wrong-token");
    CHECK(reply.status == 401);
    CHECK(reply.headers["WWW-Authenticate"] == "Bearer");
    CHECK(is_error(reply, "unauthorized", "admin.token"));
  }
  CHECK(inventory.faults().empty());
}

TEST_CASE_FIXTURE(admin_fixture,
                  "a token that only begins or ends like the right one is "
                  "refused") {
  auto right = std::string{token};
  for (const auto& presented : {right.substr(0, right.size() - 1), right + "x",
                                "x" + right, right.substr(1), right + right}) {
    CAPTURE(presented);
    auto reply =
        send(client, "/v1/jobs/inventory/savepoints", "Bearer " + presented);
    CHECK(reply.status == 401);
  }
}

TEST_CASE_FIXTURE(admin_fixture,
                  "the right token under another scheme is refused") {
  for (const auto& authorization :
       {std::string{"Basic "} + token, std::string{token},
        std::string{"Bearer"} + token, std::string{"Bearer"}}) {
    CAPTURE(authorization);
    auto reply = send(client, "/v1/jobs/inventory/savepoints", authorization);
    CHECK(reply.status == 401);
    CHECK(reply.headers["WWW-Authenticate"] == "Bearer");
  }
}

TEST_CASE_FIXTURE(admin_fixture,
                  "the bearer scheme is matched without regard to case") {
  auto reply = send(client, "/v1/jobs/inventory/savepoints",
                    std::string{"bEARER "} + token);
  CHECK(reply.status == 201);
}

// -- fault injection --------------------------------------------------------

TEST_CASE_FIXTURE(admin_fixture,
                  "crashing a partition reaches the service as that "
                  "partition's crash and answers 202") {
  auto reply = admin_post(client, "/v1/jobs/inventory/partitions/3/crash");
  CHECK(reply.status == 202);
  CHECK(body_of(reply) == json{{"done", "fault 1 injected"}});
  auto faults = inventory.faults();
  REQUIRE(faults.size() == 1);
  CHECK(faults[0].job == "inventory");
  CHECK(faults[0].what == fault_request::kind::crash_partition);
  CHECK(faults[0].target == 3);
  CHECK(faults[0].duration == 0ms);
}

TEST_CASE_FIXTURE(admin_fixture,
                  "crashing a window reaches the service as that window's "
                  "crash") {
  auto reply = admin_post(client, "/v1/jobs/inventory/windows/2/crash");
  CHECK(reply.status == 202);
  auto faults = inventory.faults();
  REQUIRE(faults.size() == 1);
  CHECK(faults[0].job == "inventory");
  CHECK(faults[0].what == fault_request::kind::crash_window);
  CHECK(faults[0].target == 2);
}

TEST_CASE_FIXTURE(admin_fixture,
                  "stalling a sink reaches the service with the sink and "
                  "the duration asked for") {
  auto reply = admin_post(client, "/v1/jobs/inventory/sinks/1/stall?ms=250");
  CHECK(reply.status == 202);
  CHECK(body_of(reply) == json{{"done", "fault 1 injected"}});
  auto faults = inventory.faults();
  REQUIRE(faults.size() == 1);
  CHECK(faults[0].job == "inventory");
  CHECK(faults[0].what == fault_request::kind::stall_sink);
  CHECK(faults[0].target == 1);
  CHECK(faults[0].duration == 250ms);
}

TEST_CASE_FIXTURE(admin_fixture, "a sink stalls for 5 s unless told") {
  REQUIRE(admin_post(client, "/v1/jobs/inventory/sinks/0/stall").status == 202);
  auto faults = inventory.faults();
  REQUIRE(faults.size() == 1);
  CHECK(faults[0].duration == 5000ms);
}

TEST_CASE_FIXTURE(admin_fixture,
                  "a stall of 1 ms and one of 600000 ms are accepted") {
  CHECK(admin_post(client, "/v1/jobs/inventory/sinks/0/stall?ms=1").status ==
        202);
  CHECK(
      admin_post(client, "/v1/jobs/inventory/sinks/0/stall?ms=600000").status ==
      202);
  auto faults = inventory.faults();
  REQUIRE(faults.size() == 2);
  CHECK(faults[0].duration == 1ms);
  CHECK(faults[1].duration == 600000ms);
}

TEST_CASE_FIXTURE(admin_fixture,
                  "the fault is aimed at the job named in the path") {
  REQUIRE(
      admin_post(client, "/v1/jobs/stock%20take/partitions/0/crash").status ==
      202);
  auto faults = inventory.faults();
  REQUIRE(faults.size() == 1);
  CHECK(faults[0].job == "stock take");
}

TEST_CASE_FIXTURE(no_faults_fixture,
                  "with fault injection off the fault endpoints answer 404") {
  for (const auto& path : fault_paths) {
    CAPTURE(path);
    auto reply = admin_post(client, path);
    CHECK(reply.status == 404);
    CHECK(body_of(reply) ==
          json{{"error", "not_found"},
               {"detail",
                "fault injection is off; set admin.fault_injection=true"}});
  }
  CHECK(inventory.faults().empty());
}

TEST_CASE_FIXTURE(no_faults_fixture,
                  "with fault injection off savepoints still work") {
  CHECK(admin_post(client, "/v1/jobs/inventory/savepoints").status == 201);
}

TEST_CASE_FIXTURE(no_faults_fixture,
                  "with fault injection off a wrong token still gets 401") {
  auto reply = send(client, fault_paths[0], "Bearer wrong");
  CHECK(reply.status == 401);
}

TEST_CASE_FIXTURE(admin_fixture,
                  "a partition or window number that is no non-negative "
                  "integer is rejected naming it") {
  for (const auto& [collection, name] :
       {std::pair{"partitions", "partition"}, std::pair{"windows", "window"}})
    for (const auto& number : {"abc", "-1", "1.5", "%31", "+1", "2147483648",
                               "99999999999999999999"}) {
      auto path = std::string{"/v1/jobs/inventory/"} + collection + "/" +
                  number + "/crash";
      CAPTURE(path);
      auto reply = admin_post(client, path);
      CHECK(reply.status == 400);
      CHECK(is_error(reply, "invalid_parameter",
                     std::string{"the "} + name + " number"));
    }
  CHECK(inventory.faults().empty());
}

TEST_CASE_FIXTURE(admin_fixture, "the largest partition number is passed on") {
  REQUIRE(admin_post(client, "/v1/jobs/inventory/partitions/2147483647/crash")
              .status == 202);
  CHECK(inventory.faults().at(0).target == 2147483647);
}

TEST_CASE_FIXTURE(admin_fixture,
                  "a sink number that is no non-negative integer is "
                  "rejected naming it") {
  for (const auto& number : {"x", "-2", ""}) {
    auto path = std::string{"/v1/jobs/inventory/sinks/"} + number + "/stall";
    CAPTURE(path);
    auto reply = admin_post(client, path);
    CHECK(reply.status == 400);
    CHECK(is_error(reply, "invalid_parameter", "the sink number"));
  }
  CHECK(inventory.faults().empty());
}

TEST_CASE_FIXTURE(admin_fixture,
                  "a stall duration that is no integer in [1, 600000] is "
                  "rejected naming ms") {
  for (const auto& ms : {"abc", "-5", "0", "600001", "", "5s", "1e3"}) {
    auto path = std::string{"/v1/jobs/inventory/sinks/0/stall?ms="} + ms;
    CAPTURE(path);
    auto reply = admin_post(client, path);
    CHECK(reply.status == 400);
    CHECK(is_error(reply, "invalid_parameter", "'ms'"));
  }
  auto twice = admin_post(client, "/v1/jobs/inventory/sinks/0/stall?ms=1&ms=2");
  CHECK(twice.status == 400);
  CHECK(is_error(twice, "invalid_parameter", "'ms'"));
  CHECK(inventory.faults().empty());
}

TEST_CASE_FIXTURE(admin_fixture,
                  "a fault for an unknown job or target is answered with "
                  "404") {
  inventory.fail_with(ec::unknown_key);
  auto reply = admin_post(client, "/v1/jobs/nope/partitions/0/crash");
  CHECK(reply.status == 404);
  CHECK(is_error(reply, "unknown_target", "partition 0 of job 'nope'"));
}

TEST_CASE_FIXTURE(admin_fixture,
                  "a fault while the job cannot take it answers 503") {
  inventory.fail_with(ec::unavailable);
  auto reply = admin_post(client, fault_paths[1]);
  CHECK(reply.status == 503);
  CHECK(reply.headers["Retry-After"] == "1");
}

TEST_CASE_FIXTURE(admin_fixture,
                  "a fault endpoint with the wrong method is answered with "
                  "405 and Allow POST before the token is checked") {
  for (const auto& path : fault_paths) {
    CAPTURE(path);
    auto reply = send(client, path, "", "GET");
    CHECK(reply.status == 405);
    CHECK(reply.headers["Allow"] == "POST");
  }
  CHECK(inventory.faults().empty());
}

TEST_CASE_FIXTURE(admin_fixture,
                  "admin requests and reads share one keep-alive "
                  "connection") {
  CHECK(admin_post(client, fault_paths[0]).status == 202);
  CHECK(send(client, fault_paths[0], "Bearer wrong").status == 401);
  CHECK(client.get("/v1/jobs/inventory").status == 200);
  CHECK(client.connections_opened() == 1);
}

} // namespace eddy::test
