// Which pages may write to the server: its own (an IP address or
// localhost, as the request's Host names it), and http.allowed.origins.
#include "web/origin_policy.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using eddy::web::origin_policy;

TEST_CASE("an own origin is the Host the request went to, by address or "
          "localhost") {
  origin_policy policy;
  CHECK(policy.allows("http://127.0.0.1:8080", "127.0.0.1:8080"));
  CHECK(policy.allows("http://localhost:18080", "localhost:18080"));
  CHECK(policy.allows("http://[::1]:8080", "[::1]:8080"));
  CHECK(policy.allows("http://10.0.0.5:8080", "10.0.0.5:8080"));
  CHECK_FALSE(policy.allows("http://127.0.0.1:9999", "127.0.0.1:8080"));
  CHECK_FALSE(policy.allows("https://127.0.0.1:8080", "127.0.0.1:8080"));
  CHECK_FALSE(policy.allows("http://evil.example:8080", "evil.example:8080"));
  CHECK_FALSE(policy.allows("null", "127.0.0.1:8080"));
}

TEST_CASE("allowed origins may write and get CORS headers") {
  origin_policy policy{{"https://ops.example"}};
  CHECK(policy.allows("https://ops.example", "127.0.0.1:8080"));
  CHECK(policy.shares_with("https://ops.example"));
  CHECK_FALSE(policy.shares_with("http://127.0.0.1:8080"));
  eddy::web::response res;
  policy.add_cors_headers("http://evil.example", res);
  CHECK(res.headers.empty());
  policy.add_cors_headers("https://ops.example", res);
  CHECK(res.headers.size() == 2);
}

TEST_CASE("reads pass from any origin, writes and upgrades only from "
          "allowed ones") {
  origin_policy policy;
  auto from_evil = [&](std::string_view method, bool upgrade = false) {
    return policy.refuse({.method = method,
                          .origin = "http://evil.example",
                          .host = "127.0.0.1:8080",
                          .is_upgrade = upgrade});
  };
  CHECK_FALSE(from_evil("GET"));
  CHECK_FALSE(from_evil("HEAD"));
  CHECK(from_evil("GET", true)->status == 403);
  CHECK(from_evil("POST")->status == 403);
  CHECK(from_evil("DELETE")->status == 403);
  // No Origin: no browser page.
  CHECK_FALSE(policy.refuse({.method = "POST", .host = "127.0.0.1:8080"}));
}

TEST_CASE("a body must be JSON") {
  origin_policy policy;
  auto with = [&](std::string_view type) {
    return policy.refuse(
        {.method = "POST", .content_type = type, .has_body = true});
  };
  CHECK_FALSE(with("application/json"));
  CHECK_FALSE(with("application/json; charset=utf-8"));
  CHECK(with("text/plain")->status == 415);
  CHECK(with("")->status == 415);
  CHECK_FALSE(policy.refuse({.method = "POST", .content_type = "text/plain"}));
}

TEST_CASE("http.allowed.origins takes origins and names what is not one") {
  std::vector<std::string> origins;
  CHECK_FALSE(origin_policy::check_list(
      "https://ops.example, http://10.0.0.5:3000,", origins));
  CHECK(origins == std::vector<std::string>{"https://ops.example",
                                            "http://10.0.0.5:3000"});
  std::vector<std::string> none;
  CHECK_FALSE(origin_policy::check_list("self", none));
  CHECK(none.empty());
  std::vector<std::string> bad;
  auto problem = origin_policy::check_list("ops.example/path", bad);
  REQUIRE(problem);
  CHECK(*problem == "'ops.example/path' is no origin: expected "
                    "scheme://host[:port] (http or https, no path)");
  CHECK(origin_policy::check_list("https://a.example/x", bad));
  CHECK(origin_policy::check_list("ftp://a.example", bad));
}
