// eddy-bench-http as a program: a quick run measures the minimal Beast
// server and eddy's item reads, with and without ingest, and prints them as
// a Markdown table (bench/http/README.md).
#include "bench/http/bench_options.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/support/bench_table.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;

namespace eddy::test {

TEST_CASE("a quick run of eddy-bench-http prints the baseline and both item "
          "read figures with non-zero rates") {
  static_assert(bench::http::quick_items == 100'000,
                "the rows below say 100,000");
  temp_dir dir;
  auto table = quick_bench_tables("eddy-bench-http", dir.path(), 180s);
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
