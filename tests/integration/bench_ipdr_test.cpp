// eddy-bench-ipdr as a program: a quick run measures the IPDR rollup in
// memory against the plain loop, each JSON parser against the job's, and the
// job fed from the dev Kafka cluster against a bare consumer, and prints
// them as a Markdown table (bench/ipdr/README.md).
#include "bench/ipdr/ipdr_bench_options.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/support/bench_table.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;

namespace eddy::test {

TEST_CASE("a quick run of eddy-bench-ipdr prints the in-memory, parser and "
          "Kafka figures, each measured against its baseline") {
  static_assert(bench::quick_table_records == 65'536,
                "the rows below say 65,536");
  static_assert(bench::quick_topic_records == 100'000,
                "the rows below say 100,000");
  temp_dir dir;
  auto table = quick_bench_tables("eddy-bench-ipdr", dir.path(), 300s);
  check_row(table, "plain loop (baseline)", "65,536", "");
  check_row(table, "IPDR job in memory", "65,536", "plain loop (baseline)");
  auto job_parser = std::string{"parse: simdjson DOM (ipdr::parser)"};
  check_row(table, job_parser, "65,536", "");
  for (auto parser :
       {"parse: nlohmann::json", "parse: simdjson On-Demand, 5 fields",
        "parse: simdjson On-Demand, all values"})
    check_row(table, parser, "65,536", job_parser);
  check_row(table, "bare librdkafka consumer", "100,000", "");
  check_row(table, "IPDR job fed from Kafka", "100,000",
            "bare librdkafka consumer");
  // The job's parser refuses every malformed sample.
  CHECK_MESSAGE(row_cells(table, job_parser)[6].ends_with("(of 11) 11"), table);
}

} // namespace eddy::test
