// eddy-bench-telemetry as a program: a quick run measures the telemetry job
// fed from the dev Kafka cluster against a bare consumer, a checkpoint with
// every event's id in the dedup state, the job inserting into a real
// PostgreSQL, and the end-to-end latency at the seed's 10,000 events/s, and
// prints them as a Markdown table (bench/telemetry/README.md).
#include "bench/telemetry/telemetry_bench_options.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "tests/support/bench_table.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;

namespace eddy::test {

TEST_CASE("a quick run of eddy-bench-telemetry prints the Kafka, checkpoint, "
          "PostgreSQL and latency figures, the rates against their "
          "baselines") {
  static_assert(bench::quick_topic_events == 100'000,
                "the rows below say 100,000");
  static_assert(bench::quick_latency_window == 5s,
                "the rows below say 50,000 (5 s at 10k/s)");
  temp_dir dir;
  auto table = quick_bench_tables("eddy-bench-telemetry", dir.path(), 120s);
  check_row(table, "bare librdkafka consumer", "100,000", "");
  check_row(table, "telemetry job, Kafka in and out", "100,000",
            "bare librdkafka consumer");
  check_row(table, "checkpoint, every id in the dedup state", "100,000", "");
  check_row(table, "telemetry job, Kafka in, PostgreSQL out", "100,000",
            "telemetry job, Kafka in and out");
  check_row(table, "end-to-end latency at 10k events/s, defaults", "50,000",
            "");
  check_row(table, "end-to-end latency at 10k events/s, tuned", "50,000", "");
}

} // namespace eddy::test
