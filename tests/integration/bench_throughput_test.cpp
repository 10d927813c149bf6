// eddy-bench-throughput as a program: a quick run measures the map-loop
// baseline, keyed validation in memory, the whole job, eddy's resident
// memory and the memory a remembered transaction id takes, and prints them
// with their ratios to their baselines.
#include "bench/throughput/throughput_options.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "tests/support/bench_table.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;

namespace eddy::test {

TEST_CASE("a quick run of eddy-bench-throughput prints every figure, the "
          "rates as ratios to the map loop") {
  static_assert(bench::quick_items == 100'000, "the rows below say 100,000");
  temp_dir dir;
  auto table = quick_bench_tables("eddy-bench-throughput", dir.path(), 180s);
  for (auto row : {"| map loop (baseline) | 100,000 | ",
                   "| keyed validation in memory | 100,000 | ",
                   "| inventory job: RocksDB, windows, 1 s checkpoints | "
                   "100,000 | ",
                   "| resident memory of eddy | 100,000 | ",
                   "| remembered transaction id, stock partition | "
                   "1,000,000 | "})
    CHECK_MESSAGE(table.find(row) != std::string::npos, "no row starting "
                                                            << row << " in:\n"
                                                            << table);
  // A rate compared with its baseline from the same run.
  CHECK_MESSAGE(table.find(" × map loop (baseline) |") != std::string::npos,
                table);
  CHECK_MESSAGE(table.find(" × remembered transaction id, std::unordered_map "
                           "|") != std::string::npos,
                table);
  CHECK_MESSAGE(table.find("0.00 ×") == std::string::npos, table);
}

} // namespace eddy::test
