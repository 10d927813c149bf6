// The paths of dashboard files taken from URLs: what may reach the file
// system and what is refused, encoded or not.
#include "web/static_path.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "messages/error.hpp"

using eddy::web::decode_static_path;
using namespace std::literals;

namespace {

// Whether `raw` is refused as malformed, with a detail naming the problem.
bool is_refused(std::string_view raw) {
  auto path = decode_static_path(raw);
  return !path && path.error() == eddy::ec::malformed_record;
}

} // namespace

TEST_CASE("a dashboard file path of plain segments is accepted as it is") {
  CHECK(decode_static_path("dashboard.js") == "dashboard.js"s);
  CHECK(decode_static_path("vendor/uPlot.iife.min.js") ==
        "vendor/uPlot.iife.min.js"s);
  CHECK(decode_static_path("vendor%2Ffast-json-patch.min.js") ==
        "vendor/fast-json-patch.min.js"s);
}

TEST_CASE("a path with a '..' segment is refused, encoded or not") {
  for (auto raw :
       {"..", "../etc/passwd", "vendor/../../secret", "%2e%2e", "%2E%2E/x",
        "vendor/%2e%2e/%2e%2e/x", "..%2fx", "vendor%2f..%2f..%2fx", ".%2e/x"}) {
    CAPTURE(raw);
    CHECK(is_refused(raw));
  }
}

TEST_CASE("a backslash, NUL or other control byte in a path is refused") {
  for (auto raw : {"..\\x", "a\\b", "a%5cb", "a%5C..%5Cb", "index.html%00.js",
                   "a%0ab", "a%7fb"}) {
    CAPTURE(raw);
    CHECK(is_refused(raw));
  }
  CHECK(is_refused("index.html\0.js"sv));
}

TEST_CASE("an absolute path, an empty segment or a hidden file is refused") {
  for (auto raw :
       {"", "/etc/passwd", "%2fetc%2fpasswd", "vendor//x.js", "vendor/", ".env",
        "vendor/.hidden", "a b.js", "a%20b.js", "%C3%A9.js", "~root"}) {
    CAPTURE(raw);
    CHECK(is_refused(raw));
  }
}

TEST_CASE("a path with a '%' that encodes nothing is refused") {
  CHECK(is_refused("a%zz.js"));
  CHECK(is_refused("a%2"));
}
