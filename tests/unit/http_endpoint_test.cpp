// Base URLs of databases' HTTP interfaces: what is accepted, and the errors
// that name what is not.
#include "connectors/databases/http_endpoint.hpp"

#include <string>

#include <doctest/doctest.h>

#include "messages/error.hpp"
#include "tests/support/failure_text.hpp"

using namespace eddy;

namespace {

using test::contains;

// The text of the refusal of `url`, which must be ec::invalid_config.
std::string error_of(std::string_view url) {
  return test::failure_text(http_endpoint::parse(url), ec::invalid_config);
}

} // namespace

TEST_CASE("an http URL is parsed into host, port and base path") {
  auto parsed = http_endpoint::parse("http://db.example:8123/clickhouse/");
  REQUIRE(parsed);
  CHECK(parsed->host == "db.example");
  CHECK(parsed->port == 8123);
  CHECK(parsed->base_path == "/clickhouse");
  CHECK(parsed->url() == "http://db.example:8123/clickhouse");
}

TEST_CASE("an http URL without a port or path means port 80 and the root") {
  auto parsed = http_endpoint::parse("HTTP://127.0.0.1");
  REQUIRE(parsed);
  CHECK(parsed->port == 80);
  CHECK(parsed->base_path.empty());
  CHECK(parsed->url() == "http://127.0.0.1:80");
}

TEST_CASE("an IPv6 address in brackets is a host, named in brackets") {
  auto parsed = http_endpoint::parse("http://[::1]:8123");
  REQUIRE(parsed);
  CHECK(parsed->host == "::1");
  CHECK(parsed->authority() == "[::1]:8123");
}

TEST_CASE("an https URL is refused, saying that TLS is not supported") {
  auto text = error_of("https://db.example:8443");
  CHECK(contains(text, "\"https://db.example:8443\""));
  CHECK(contains(text, "https is not supported"));
}

TEST_CASE("a URL without a scheme is refused, naming the URL and the form "
          "expected") {
  auto text = error_of("127.0.0.1:8123");
  CHECK(contains(text, "\"127.0.0.1:8123\""));
  CHECK(contains(text, "http://host[:port][/path]"));
}

TEST_CASE("a URL of another scheme is refused, naming the scheme") {
  CHECK(contains(error_of("tcp://127.0.0.1:9000"), "\"tcp\" is not supported"));
}

TEST_CASE("a URL without a host is refused") {
  CHECK(contains(error_of("http://:8123"), "no host"));
  CHECK(contains(error_of("http:///path"), "no host"));
}

TEST_CASE("a port that is not a number from 1 to 65535 is refused") {
  for (auto url : {"http://db:", "http://db:0", "http://db:65536",
                   "http://db:12ab", "http://db:-1"}) {
    CAPTURE(url);
    CHECK(contains(error_of(url), "port must be a number from 1 to 65535"));
  }
}

TEST_CASE("a base URL with a query or fragment is refused") {
  CHECK(contains(error_of("http://db:8123/?database=x"), "no query"));
  CHECK(contains(error_of("http://db:8123#top"), "no query or fragment"));
}

TEST_CASE("a host name with a space or a path with a space is refused") {
  CHECK(contains(error_of("http://d b:8123"), "host name has a character"));
  CHECK(contains(error_of("http://db:8123/a b"), "must be percent-encoded"));
}

TEST_CASE("credentials in a URL are refused without showing the password") {
  auto text = error_of("http://writer:s3cret@db:8123");
  CHECK(contains(text, "credentials in the URL are not supported"));
  CHECK(contains(text, "http://***@db:8123"));
  CHECK_FALSE(contains(text, "s3cret"));
}

TEST_CASE("percent_encode keeps unreserved characters and encodes the "
          "rest as %XX") {
  CHECK(percent_encode("aZ09-._~") == "aZ09-._~");
  CHECK(percent_encode("INSERT INTO t FORMAT JSONEachRow") ==
        "INSERT%20INTO%20t%20FORMAT%20JSONEachRow");
  CHECK(percent_encode("a=1&b=\xc3\xa9\n") == "a%3D1%26b%3D%C3%A9%0A");
}
