// eddy-bench-sensors as a program: a quick run measures the sensor rollup in
// memory against the plain loop (JSON and Avro), its resident memory per
// device against the loop's map, and the job fed from the dev Kafka cluster
// into a real ClickHouse against a bare consumer, and prints them as a
// Markdown table (bench/sensors/README.md).
#include "bench/sensors/sensor_bench_options.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/support/bench_table.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;

namespace eddy::test {

TEST_CASE("a quick run of eddy-bench-sensors prints the in-memory, memory "
          "and Kafka-into-ClickHouse figures, each measured against its "
          "baseline") {
  static_assert(bench::quick_table_records == 65'536,
                "the rows below say 65,536");
  static_assert(bench::quick_memory_devices == 50'000,
                "the rows below say 50,000");
  static_assert(bench::quick_topic_records == 100'000,
                "the rows below say 100,000");
  temp_dir dir;
  auto table = quick_bench_tables("eddy-bench-sensors", dir.path(), 300s);
  for (std::string format : {"JSON", "Avro"}) {
    auto loop = "plain loop, " + format + " (baseline)";
    check_row(table, loop, "65,536", "");
    check_row(table, "sensors job in memory, " + format, "65,536", loop);
  }
  check_row(table, "resident memory, plain loop's map", "50,000", "");
  check_row(table, "resident memory, sensors job", "50,000",
            "resident memory, plain loop's map");
  check_row(table, "bare librdkafka consumer", "100,000", "");
  check_row(table, "sensors job fed from Kafka into ClickHouse", "100,000",
            "bare librdkafka consumer");
  // ClickHouse held the windows the readings fall in (the run fails
  // otherwise): a count in the details.
  auto kafka = row_cells(table, "sensors job fed from Kafka into ClickHouse");
  REQUIRE(kafka.size() >= 7);
  CHECK_MESSAGE(kafka[6].find("rows in ClickHouse ") != std::string::npos,
                table);
}

} // namespace eddy::test
