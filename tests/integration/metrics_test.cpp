// GET /metrics of the running eddy program, checked by Prometheus's own
// promtool (Debian's prometheus package): the whole output parses and
// passes its lint, and counters never go down between scrapes.
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>

#include <doctest/doctest.h>

#include "tests/support/child_process.hpp"
#include "tests/support/eddy_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {

// What `promtool check metrics` says about `text` (empty when it is
// content), and whether it exited 0.
std::pair<std::string, bool> promtool_check(const std::string& text,
                                            const std::string& dir) {
  auto path = dir + "/metrics.txt";
  std::ofstream{path} << text;
  test::child_process promtool{
      "sh", {"-c", "promtool check metrics < '" + path + "' 2>&1"}};
  std::string said;
  while (auto line = promtool.read_line(30s))
    said += *line + "\n";
  REQUIRE(promtool.wait(30s));
  auto status = promtool.exit_status().value_or(-1);
  return {said, WIFEXITED(status) && WEXITSTATUS(status) == 0};
}

// The samples of counter families (names ending in _total), by series.
std::map<std::string, double> counters(const std::string& text) {
  std::map<std::string, double> result;
  std::istringstream lines{text};
  for (std::string line; std::getline(lines, line);) {
    auto space = line.rfind(' ');
    if (line.starts_with("#") || space == std::string::npos)
      continue;
    auto series = line.substr(0, space);
    if (series.substr(0, series.find('{')).ends_with("_total"))
      result[series] = std::stod(line.substr(space + 1));
  }
  return result;
}

double records_in(const std::map<std::string, double>& series) {
  double sum = 0;
  for (auto& [name, value] : series)
    if (name.starts_with("eddy_records_in_total{") &&
        name.find("partition/") != std::string::npos)
      sum += value;
  return sum;
}

} // namespace

TEST_CASE("GET /metrics passes promtool's check and its counters only grow") {
  test::temp_dir dir;
  test::eddy_process eddy{
      dir.path(), {{"generator.enabled", "true"}, {"generator.rate", "20000"}}};
  test::http_client client{"127.0.0.1", eddy.port()};
  auto first = client.get("/metrics");
  REQUIRE(first.status == 200);
  CHECK(first.headers["Content-Type"] ==
        "text/plain; version=0.0.4; charset=utf-8");
  auto checked = promtool_check(first.body, dir.path());
  const std::string& said = checked.first;
  CHECK_MESSAGE(checked.second, "promtool: " << said << "on:\n" << first.body);
  CHECK_MESSAGE(said.empty(), said);

  auto before = counters(first.body);
  REQUIRE(!before.empty());
  std::map<std::string, double> after;
  for (int i = 0; i < 100 && records_in(after) <= records_in(before); ++i) {
    std::this_thread::sleep_for(50ms);
    after = counters(client.get("/metrics").body);
  }
  CHECK(records_in(after) > records_in(before));
  for (auto& [name, value] : before) {
    const std::string& series = name;
    CAPTURE(series);
    REQUIRE(after.count(series) == 1);
    CHECK(after[series] >= value);
  }
}
