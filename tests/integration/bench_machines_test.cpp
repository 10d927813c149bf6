// eddy-bench-machines as a program: a quick run measures the plain loop and
// the machines job in memory, and mosquitto_sub and the eddy program
// draining states queued on a mosquitto of its own, and prints them as a
// Markdown table (bench/machines/README.md).
#include "bench/machines/machine_bench_options.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "tests/support/bench_table.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;

namespace eddy::test {

TEST_CASE("a quick run of eddy-bench-machines prints the in-memory and MQTT "
          "figures, the rates against their baselines") {
  static_assert(bench::quick_topic_states == 5'000, "the rows below say 5,000");
  temp_dir dir;
  auto table = quick_bench_tables("eddy-bench-machines", dir.path(), 120s);
  check_row(table, "plain loop (baseline)", "0", "");
  check_row(table, "machines job in memory, split and join", "0",
            "plain loop (baseline)");
  check_row(table, "mosquitto_sub -q 1, one session", "5,000", "");
  check_row(table, "machines job fed by MQTT, eddy program", "5,000",
            "mosquitto_sub -q 1, one session");
}

} // namespace eddy::test
