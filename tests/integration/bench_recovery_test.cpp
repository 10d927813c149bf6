// eddy-bench-recovery as a program: a quick run measures every recovery
// figure and prints them as a Markdown table (bench/README.md).
#include "bench/recovery/bench_options.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "tests/support/bench_table.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;

namespace eddy::test {

TEST_CASE("a quick run of eddy-bench-recovery prints a table with the three "
          "recovery figures") {
  static_assert(bench::quick_items == 100'000, "the rows below say 100,000");
  temp_dir dir;
  auto table = quick_bench_tables("eddy-bench-recovery", dir.path(), 120s);
  for (auto row : {"| partition crash to caught up | 100,000 | ",
                   "| kill -9 to serving | 100,000 | ",
                   "| checkpoint, 10% changed | 100,000 | "})
    CHECK_MESSAGE(table.find(row) != std::string::npos, "no row starting "
                                                            << row << " in:\n"
                                                            << table);
}

} // namespace eddy::test
