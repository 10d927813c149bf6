// Who may use the admin endpoints: the bearer token check and the constant
// time comparison, driven without a socket.
#include "web/admin_access.hpp"

#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

using namespace eddy::web;

namespace {

request with_authorization(const std::string& value) {
  request req{.method = "POST",
              .target = "/v1/jobs/inventory/savepoints",
              .headers = {},
              .body = {}};
  req.headers["authorization"] = value;
  return req;
}

const admin_access on{.token = "t0ken", .is_fault_injection_on = true};

} // namespace

TEST_CASE("equal tokens are the same token") {
  CHECK(is_same_token("t0ken", "t0ken"));
  CHECK(is_same_token("", ""));
}

TEST_CASE("tokens that differ in one byte, or in length, are not the same") {
  CHECK_FALSE(is_same_token("t0keN", "t0ken"));
  CHECK_FALSE(is_same_token("u0ken", "t0ken"));
  CHECK_FALSE(is_same_token("t0ke", "t0ken"));
  CHECK_FALSE(is_same_token("t0kent", "t0ken"));
  CHECK_FALSE(is_same_token("t0kent0ken", "t0ken"));
  CHECK_FALSE(is_same_token("", "t0ken"));
  CHECK_FALSE(is_same_token("t0ken", ""));
}

TEST_CASE("a request with the right bearer token is let through") {
  CHECK_FALSE(refuse_admin(with_authorization("Bearer t0ken"), on));
  CHECK_FALSE(refuse_admin(with_authorization("Bearer   t0ken  "), on));
}

TEST_CASE("without a configured token every admin request is forbidden") {
  auto refusal = refuse_admin(with_authorization("Bearer "), admin_access{});
  REQUIRE(refusal);
  CHECK(refusal->status == 403);
  CHECK(nlohmann::json::parse(refusal->body) ==
        nlohmann::json{{"error", "forbidden"},
                       {"detail", "admin endpoints are off: set admin.token"}});
}

TEST_CASE("a wrong token is refused with 401 and a Bearer challenge") {
  auto refusal = refuse_admin(with_authorization("Bearer t0kem"), on);
  REQUIRE(refusal);
  CHECK(refusal->status == 401);
  CHECK(refusal->headers ==
        decltype(refusal->headers){{"WWW-Authenticate", "Bearer"}});
}

TEST_CASE("a request without Authorization is refused with 401") {
  auto req = with_authorization("");
  req.headers.clear();
  auto refusal = refuse_admin(req, on);
  REQUIRE(refusal);
  CHECK(refusal->status == 401);
}

TEST_CASE("fault injection that is off is answered with 404 after the token "
          "check") {
  admin_access no_faults{.token = "t0ken", .is_fault_injection_on = false};
  auto refusal =
      refuse_fault_injection(with_authorization("Bearer t0ken"), no_faults);
  REQUIRE(refusal);
  CHECK(refusal->status == 404);
  auto unauthorized =
      refuse_fault_injection(with_authorization("Bearer nope"), no_faults);
  REQUIRE(unauthorized);
  CHECK(unauthorized->status == 401);
  CHECK_FALSE(refuse_fault_injection(with_authorization("Bearer t0ken"), on));
}
