// eddy-bench-kafka as a program: a quick run measures every Kafka figure
// against the dev cluster and prints them as a Markdown table
// (bench/kafka/README.md).
#include "bench/kafka/bench_options.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/support/bench_table.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;

namespace eddy::test {

TEST_CASE("a quick run of eddy-bench-kafka prints a table with the Kafka "
          "throughput and latency figures, each measured") {
  static_assert(bench::quick_records == 200'000, "the rows below say 200,000");
  temp_dir dir;
  auto table = quick_bench_tables("eddy-bench-kafka", dir.path(), 300s);
  for (auto figure :
       {"bare librdkafka consumer", "inventory job fed from Kafka",
        "end-to-end latency at 100k tx/s"}) {
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
