// The eddy program passes admin.token and admin.fault_injection to its HTTP
// front: the real server process, started with --set, and a real client.
#include "apps/eddy/application.hpp"

#include <csignal>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "tests/support/child_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {

/// An idle eddy (no generator) on a free port with `extra` settings, and
/// the lines it printed up to its URL.
struct eddy_process {
  explicit eddy_process(const std::vector<std::string>& extra) {
    std::vector<std::string> args{"--set", "http.port=0",
                                  "--set", "generator.enabled=false",
                                  "--set", "state.dir=" + dir.path() + "/state",
                                  "--set", "output.dir=" + dir.path() + "/out"};
    for (const auto& setting : extra)
      args.insert(args.end(), {"--set", setting});
    process.emplace(std::string{EDDY_BIN_DIR} + "/eddy", args);
    for (int i = 0; i < 20 && port == 0; ++i) {
      auto line = process->read_line(10s);
      REQUIRE(line);
      start_up += *line + "\n";
      if (auto at = line->find("http://127.0.0.1:"); at != std::string::npos)
        port = static_cast<uint16_t>(std::stoi(line->substr(at + 17)));
    }
    REQUIRE(port != 0);
  }

  ~eddy_process() {
    process->signal(SIGTERM);
    CHECK(process->wait(10s));
  }

  test::temp_dir dir;
  std::optional<test::child_process> process;
  std::string start_up; // stdout up to the line with the URL
  uint16_t port = 0;
};

test::http_reply post(uint16_t port, const std::string& target,
                      const std::string& authorization = "") {
  test::http_client client{"127.0.0.1", port};
  std::vector<std::pair<std::string, std::string>> headers;
  if (!authorization.empty())
    headers.emplace_back("Authorization", authorization);
  return client.request("POST", target, "", "application/json", headers);
}

} // namespace

TEST_CASE("eddy guards its admin endpoints with the configured admin.token") {
  eddy_process eddy{{"admin.token=op3n-sesame", "admin.fault_injection=true"}};
  auto crash = "/v1/jobs/inventory/partitions/0/crash";
  CHECK(post(eddy.port, crash).status == 401);
  CHECK(post(eddy.port, crash, "Bearer wrong").status == 401);
  CHECK(post(eddy.port, crash, "Bearer op3n-sesame").status == 202);
}

TEST_CASE("eddy keeps fault injection off unless admin.fault_injection is "
          "set") {
  eddy_process eddy{{"admin.token=op3n-sesame"}};
  auto reply = post(eddy.port, "/v1/jobs/inventory/partitions/0/crash",
                    "Bearer op3n-sesame");
  CHECK(reply.status == 404);
  CHECK(reply.body.find("admin.fault_injection=true") != std::string::npos);
}

TEST_CASE("eddy without admin.token answers 403 and says so at start-up "
          "when fault injection is asked for") {
  eddy_process eddy{{"admin.fault_injection=true"}};
  CHECK(eddy.start_up.find("admin.fault_injection=true has no effect until "
                           "admin.token is set") != std::string::npos);
  CHECK(post(eddy.port, "/v1/jobs/inventory/savepoints", "Bearer x").status ==
        403);
}
