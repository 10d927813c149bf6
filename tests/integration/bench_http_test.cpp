// eddy-bench-http as a program: a quick run measures the minimal Beast
// server and eddy's item reads, with and without ingest, and prints them as
// a Markdown table (bench/http/README.md).
#include "bench/http/bench_options.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include <sys/wait.h>

#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;

namespace eddy::test {

namespace {

// The cells of the table's row for `figure`, without their padding; empty
// if there is no such row.
std::vector<std::string> row_cells(const std::string& table,
                                   const std::string& figure) {
  auto start = table.find("| " + figure + " |");
  if (start == std::string::npos)
    return {};
  auto line = table.substr(start, table.find('\n', start) - start);
  std::vector<std::string> cells;
  for (size_t bar = 0, next = 0;
       (next = line.find('|', bar + 1)) != std::string::npos; bar = next) {
    auto cell = line.substr(bar + 1, next - bar - 1);
    auto first = cell.find_first_not_of(' ');
    auto last = cell.find_last_not_of(' ');
    cells.push_back(
        first == std::string::npos ? "" : cell.substr(first, last - first + 1));
  }
  return cells;
}

} // namespace

TEST_CASE("a quick run of eddy-bench-http prints the baseline and both item "
          "read figures with non-zero rates") {
  static_assert(bench::http::quick_items == 100'000,
                "the rows below say 100,000");
  temp_dir dir;
  child_process bench{std::string{EDDY_BIN_DIR} + "/eddy-bench-http",
                      {"--quick", "--repeat", "1", "--dir", dir.path()}};
  std::string table;
  while (auto line = bench.read_line(180s))
    table += *line + "\n";
  REQUIRE(bench.wait(10s));
  REQUIRE(bench.exit_status());
  CHECK(WIFEXITED(*bench.exit_status()));
  CHECK(WEXITSTATUS(*bench.exit_status()) == 0);
  const std::string baseline = "minimal Beast server (baseline)";
  for (auto figure : {baseline, std::string{"GET /v1/items/{id}, no ingest"},
                      std::string{"GET /v1/items/{id}, ingesting 100k tx/s"}}) {
    // | figure | items | median | vs baseline | target | runs | details |
    auto cells = row_cells(table, figure);
    REQUIRE_MESSAGE(cells.size() == 7, "no row for " << figure << " in:\n"
                                                     << table);
    CHECK(cells[1] == "100,000");
    CHECK_MESSAGE((cells[2].ends_with("/s") && cells[2] != "0/s"),
                  figure << " measured no requests: " << cells[2]);
    if (figure != baseline)
      CHECK_MESSAGE(cells[3].ends_with(" × " + baseline),
                    figure << " shows no ratio to the baseline: " << cells[3]);
  }
}

} // namespace eddy::test
