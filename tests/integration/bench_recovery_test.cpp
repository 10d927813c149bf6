// eddy-bench-recovery as a program: a quick run measures every recovery
// figure and prints them as a Markdown table (bench/README.md).
#include "bench/recovery/bench_options.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include <sys/wait.h>

#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;

namespace eddy::test {

TEST_CASE("a quick run of eddy-bench-recovery prints a table with the three "
          "recovery figures") {
  static_assert(bench::quick_items == 100'000, "the rows below say 100,000");
  temp_dir dir;
  child_process bench{std::string{EDDY_BIN_DIR} + "/eddy-bench-recovery",
                      {"--quick", "--repeat", "1", "--dir", dir.path()}};
  std::string table;
  while (auto line = bench.read_line(120s))
    table += *line + "\n";
  REQUIRE(bench.wait(10s));
  REQUIRE(bench.exit_status());
  CHECK(WIFEXITED(*bench.exit_status()));
  CHECK(WEXITSTATUS(*bench.exit_status()) == 0);
  for (auto row : {"| partition crash to caught up | 100,000 | ",
                   "| kill -9 to serving | 100,000 | ",
                   "| checkpoint, 10% changed | 100,000 | "})
    CHECK_MESSAGE(table.find(row) != std::string::npos, "no row starting "
                                                            << row << " in:\n"
                                                            << table);
}

} // namespace eddy::test
