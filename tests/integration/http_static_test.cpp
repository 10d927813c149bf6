// The dashboard's files and GET /v1/server through a real server and a real
// Beast client: media types, refused paths, a dashboard that was not built.
#include "web/static_route.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/http_fixture.hpp"
#include "tests/support/json_reply.hpp"
#include "tests/support/temp_dir.hpp"
#include "web/http_server.hpp"

namespace eddy::test {

namespace fs = std::filesystem;

namespace {

void write_file(const fs::path& path, const std::string& contents) {
  fs::create_directories(path.parent_path());
  std::ofstream out{path, std::ios::binary};
  out << contents;
  REQUIRE(out.good());
}

/// Writes a dashboard with a file of every kind to `root`/static, and
/// beside it a secret file that no request may reach; returns `root`.
fs::path write_dashboard(const fs::path& root) {
  write_file(root / "static/index.html", "<!doctype html><title>t</title>");
  write_file(root / "static/dashboard.js", "export const a = 1;");
  write_file(root / "static/graph.mjs", "export const b = 2;");
  write_file(root / "static/dashboard.css", "body{color:red}");
  write_file(root / "static/logo.svg", "<svg/>");
  write_file(root / "static/icon.png", std::string{"\x89PNG\r\n\x1a\n\0", 9});
  write_file(root / "static/data.json", "{}");
  write_file(root / "static/vendor/uPlot.iife.min.js", "var uPlot;");
  write_file(root / "static/vendor/uPlot.iife.min.js.map", "{}");
  write_file(root / "secret.txt", "password");
  fs::create_symlink(root / "secret.txt", root / "static/link.txt");
  return root;
}

/// A server serving the dashboard write_dashboard made.
struct static_fixture {
  temp_dir dir;
  fs::path root = write_dashboard(dir.path());
  memory_inventory inventory;
  std::unique_ptr<web::http_server> server = start_test_server(
      inventory,
      web::server_options{.port = 0, .static_dir = (root / "static").string()});
  http_client client{"127.0.0.1", server->port()};
};

} // namespace

TEST_CASE_FIXTURE(static_fixture,
                  "GET / answers the dashboard's index.html as HTML") {
  auto reply = client.get("/");
  CHECK(reply.status == 200);
  CHECK(reply.body == "<!doctype html><title>t</title>");
  CHECK(reply.headers["Content-Type"] == "text/html; charset=utf-8");
  CHECK(reply.headers["Cache-Control"] == "no-cache");
}

TEST_CASE_FIXTURE(static_fixture,
                  "dashboard files are served whole with the media type of "
                  "their kind") {
  struct expectation {
    std::string path;
    std::string type;
  };
  for (const auto& expected :
       {expectation{"dashboard.js", "text/javascript; charset=utf-8"},
        expectation{"graph.mjs", "text/javascript; charset=utf-8"},
        expectation{"dashboard.css", "text/css; charset=utf-8"},
        expectation{"logo.svg", "image/svg+xml"},
        expectation{"icon.png", "image/png"},
        expectation{"data.json", "application/json"},
        expectation{"vendor/uPlot.iife.min.js",
                    "text/javascript; charset=utf-8"},
        expectation{"vendor/uPlot.iife.min.js.map", "application/json"}}) {
    const std::string& path = expected.path;
    CAPTURE(path);
    auto reply = client.get("/static/" + path);
    CHECK(reply.status == 200);
    CHECK(reply.headers["Content-Type"] == expected.type);
    CHECK(reply.headers["Cache-Control"] == "no-cache");
    CHECK(reply.headers["X-Content-Type-Options"] == "nosniff");
    std::ifstream in{root / "static" / path, std::ios::binary};
    CHECK(reply.body == std::string{std::istreambuf_iterator<char>{in}, {}});
  }
}

TEST_CASE_FIXTURE(static_fixture,
                  "a file path that could leave the dashboard's directory "
                  "is refused with 400 before the file system sees it") {
  for (auto target : {"/static/../secret.txt", "/static/%2e%2e/secret.txt",
                      "/static/vendor/..%2f..%2fsecret.txt",
                      "/static/..%5csecret.txt", "/static/index.html%00.js",
                      "/static//etc/passwd", "/static/%2fetc%2fpasswd"}) {
    CAPTURE(target);
    auto reply = client.get(target);
    CHECK(reply.status == 400);
    CHECK(is_error(reply, "invalid_path"));
    CHECK(reply.body.find("password") == std::string::npos);
  }
}

TEST_CASE_FIXTURE(static_fixture,
                  "a symbolic link out of the dashboard's directory is "
                  "answered like a missing file") {
  auto reply = client.get("/static/link.txt");
  CHECK(reply.status == 404);
  CHECK(is_error(reply, "not_found", "static/link.txt"));
}

TEST_CASE_FIXTURE(static_fixture,
                  "a missing dashboard file or a directory is answered with "
                  "404 naming it") {
  for (auto path : {"nope.js", "vendor/nope.css", "vendor"}) {
    CAPTURE(path);
    auto reply = client.get(std::string{"/static/"} + path);
    CHECK(reply.status == 404);
    CHECK(is_error(reply, "not_found", std::string{"static/"} + path));
  }
}

TEST_CASE_FIXTURE(static_fixture,
                  "the dashboard's paths answer other methods with 405 and "
                  "Allow: GET") {
  for (auto target : {"/", "/static/dashboard.js", "/v1/server"}) {
    CAPTURE(target);
    auto reply = client.post(target, "");
    CHECK(reply.status == 405);
    CHECK(reply.headers["Allow"] == "GET, HEAD");
    CHECK(is_error(reply, "method_not_allowed", target));
  }
}

TEST_CASE("without a built dashboard GET / answers 404 naming the directory "
          "and the API works on") {
  temp_dir dir;
  auto missing = dir.path() + "/not-built";
  memory_inventory inventory;
  inventory.set_stock("item_1", 100);
  auto server = start_test_server(
      inventory, web::server_options{.port = 0, .static_dir = missing});
  http_client client{"127.0.0.1", server->port()};
  auto reply = client.get("/");
  CHECK(reply.status == 404);
  CHECK(is_error(reply, "dashboard_not_built", missing));
  CHECK(client.get("/static/dashboard.js").status == 404);
  CHECK(client.get("/v1/items/item_1").body ==
        R"({"itemId":"item_1","quantity":100})");
}

TEST_CASE("by default the server serves the dashboard the build assembled "
          "beside its bin directory") {
  // The test binary lives in the build's bin/ like eddy, so the default
  // finds the dashboard that the eddy-dashboard target assembled.
  http_fixture fixture;
  auto page = fixture.client.get("/");
  CHECK(page.status == 200);
  CHECK(page.body.find("data-testid=\"throughput\"") != std::string::npos);
  for (auto vendor :
       {"uPlot.iife.min.js", "uPlot.min.css", "fast-json-patch.min.js"}) {
    CAPTURE(vendor);
    auto reply = fixture.client.get(std::string{"/static/vendor/"} + vendor);
    CHECK(reply.status == 200);
    CHECK(reply.body.size() > 1000);
  }
}

TEST_CASE("GET /v1/server says crash buttons work only with a token and "
          "fault injection on, and how often the live feed sends") {
  struct configuration {
    std::string token;
    bool fault_injection;
    bool is_usable;
  };
  for (const auto& config :
       {configuration{"s3cret", true, true}, configuration{"", true, false},
        configuration{"s3cret", false, false},
        configuration{"", false, false}}) {
    CAPTURE(config.token);
    CAPTURE(config.fault_injection);
    http_fixture fixture{
        web::server_options{.port = 0,
                            .admin_token = config.token,
                            .fault_injection = config.fault_injection,
                            .live_interval = std::chrono::milliseconds{250}}};
    auto reply = fixture.client.get("/v1/server");
    REQUIRE(reply.status == 200);
    CHECK(body_of(reply) == nlohmann::json{{"faultInjection", config.is_usable},
                                           {"liveIntervalMs", 250}});
    CHECK(reply.body.find("s3cret") == std::string::npos);
  }
}

} // namespace eddy::test
