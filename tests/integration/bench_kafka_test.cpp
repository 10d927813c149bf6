// eddy-bench-kafka as a program: a quick run measures every Kafka figure
// against the dev cluster and prints them as a Markdown table
// (bench/kafka/README.md).
#include "bench/kafka/bench_options.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include <sys/wait.h>

#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;

namespace eddy::test {

namespace {

// The cells of the table row whose figure is `figure`, or none.
std::vector<std::string> row_cells(const std::string& table,
                                   const std::string& figure) {
  std::istringstream lines{table};
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("| " + figure + " |"))
      continue;
    std::vector<std::string> cells;
    std::istringstream parts{line.substr(1)};
    for (std::string cell; std::getline(parts, cell, '|');)
      cells.push_back(cell.substr(1, cell.size() - 2));
    return cells;
  }
  return {};
}

bool has_nonzero_digit(const std::string& text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return c >= '1' && c <= '9'; });
}

} // namespace

TEST_CASE("a quick run of eddy-bench-kafka prints a table with the Kafka "
          "throughput and latency figures, each measured") {
  static_assert(bench::quick_records == 200'000, "the rows below say 200,000");
  temp_dir dir;
  child_process bench{std::string{EDDY_BIN_DIR} + "/eddy-bench-kafka",
                      {"--quick", "--repeat", "1", "--dir", dir.path()}};
  std::string table;
  while (auto line = bench.read_line(300s))
    table += *line + "\n";
  REQUIRE(bench.wait(10s));
  REQUIRE(bench.exit_status());
  CHECK(WIFEXITED(*bench.exit_status()));
  CHECK(WEXITSTATUS(*bench.exit_status()) == 0);
  for (auto figure :
       {"bare librdkafka consumer", "inventory job fed from Kafka",
        "end-to-end latency at 100k tx/s",
        "end-to-end latency at 100k tx/s, dev-cluster "
        "workarounds"}) {
    auto cells = row_cells(table, figure);
    REQUIRE_MESSAGE(cells.size() >= 3, "no row for " << figure << " in:\n"
                                                     << table);
    CHECK_MESSAGE(cells[1] == "200,000", figure << " in:\n" << table);
    CHECK_MESSAGE(has_nonzero_digit(cells[2]), figure
                                                   << " measured nothing in:\n"
                                                   << table);
  }
  CHECK_MESSAGE(row_cells(table, "inventory job fed from Kafka")[3].ends_with(
                    "× bare librdkafka consumer"),
                table);
}

} // namespace eddy::test
