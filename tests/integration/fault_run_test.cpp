// Flink's end-to-end exactly-once test for Eddy: one run of the inventory
// job over the dev Kafka cluster, killed with SIGKILL 20 times and with a
// partition crashed 20 times, whose results and stock eddy-check then
// proves exact: no result missing or wrong, each item's updates applied once
// and in order. Output is at least once here: after a kill -9 the results
// since the last checkpoint are written again (eddy-check counts them).
#include <algorithm>
#include <chrono>
#include <random>
#include <string>
#include <thread>

#include <doctest/doctest.h>

#include "messages/error.hpp"
#include "tests/support/dev_kafka.hpp"
#include "tests/support/eddy_check_run.hpp"
#include "tests/support/eddy_process.hpp"
#include "tests/support/inventory_reference.hpp"
#include "tests/support/kafka_reader.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {

const std::string admin_token = "fault-run";

// Runs eddy-check on the run's topics and the job's stock; answers its line
// and whether it said exact.
std::pair<std::string, bool> check_run(const std::string& bootstrap,
                                       uint16_t port) {
  auto run = test::run_eddy_check(
      {"--input", "kafka:transaction.log.1", "--results",
       "kafka:transaction.output.log.1", "--bootstrap", bootstrap, "--stock",
       "http://127.0.0.1:" + std::to_string(port)});
  auto line = run.lines.empty() ? std::string{"(no output)"} : run.lines[0];
  return {line, run.exit_code == 0};
}

// Whether every partition of `topic` still holds its first record.
bool first_offsets_are_zero(const std::string& bootstrap,
                            const std::string& topic) {
  auto consumer = kafka_consumer::make(
      test::test_kafka_properties(bootstrap, test::unique_group_id()),
      std::vector<std::string>{}, {});
  REQUIRE(consumer);
  auto ranges = consumer->offsets(topic, 10s);
  REQUIRE_MESSAGE(ranges, describe(ranges.error()));
  return std::all_of(ranges->begin(), ranges->end(),
                     [](auto& part) { return part.second.begin == 0; });
}

} // namespace

TEST_CASE("across 20 kill -9s and 20 partition crashes every item's updates "
          "are applied exactly once and in order, as eddy-check proves") {
  // The dev cluster keeps 5 MiB per partition and drops older data: the
  // results, 210,000 plus a fifth to a quarter written again after kills,
  // came to about 5 MiB over 4 partitions, and a run that lost its oldest
  // results reported them missing. 16 keep each partition near 1.3 MiB.
  test::dev_kafka kafka{{{"transaction.log.1", 4},
                         {"query.input.log.1", 1},
                         {"query.output.log.1", 1},
                         {"transaction.output.log.1", 16},
                         {"eddy.dead.letters", 1}}};
  test::temp_dir dir;
  auto settings = test::kafka_job_settings(kafka.bootstrap_servers(),
                                           test::unique_group_id());
  settings.insert(settings.end(),
                  {{"admin.token", admin_token},
                   {"admin.fault_injection", "true"},
                   {"checkpoint.interval.ms", "200"},
                   {"restart.delay.ms", "10"},
                   {"query.results.sink", "none"},
                   // A killed member blocks the group's
                   // next join until its session expires.
                   {"kafka.group.instance.id", "eddy-fault-run"},
                   {"kafka.heartbeat.interval.ms", "500"}});
  constexpr int runs = 20;
  constexpr int64_t per_run = 10000;
  auto txs = test::generated_transactions(per_run * (runs + 1), 1000, 17);
  auto seed = std::random_device{}();
  MESSAGE("fault schedule seed " << seed);
  std::mt19937 random{seed};
  auto pause = [&](int from_ms, int to_ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds{
        std::uniform_int_distribution{from_ms, to_ms}(random)});
  };
  auto chunk = [&](int run) {
    return std::vector<item_transaction>{txs.begin() + run * per_run,
                                         txs.begin() + (run + 1) * per_run};
  };
  for (int run = 0; run < runs; ++run) {
    test::produce_transactions(kafka.bootstrap_servers(), chunk(run));
    test::eddy_process eddy{dir.path(), settings};
    // Faults land while records flow: after the group has been joined.
    for (int i = 0; i < 400 && eddy.records_processed() == 0; ++i)
      std::this_thread::sleep_for(50ms);
    pause(0, 300);
    auto p = std::uniform_int_distribution{0, 3}(random);
    auto crashed = eddy.post_admin("/v1/jobs/inventory/partitions/" +
                                       std::to_string(p) + "/crash",
                                   admin_token);
    CHECK_MESSAGE(crashed.status == 202, crashed.body);
    pause(50, 600);
    eddy.kill();
  }
  test::produce_transactions(kafka.bootstrap_servers(), chunk(runs));
  test::eddy_process eddy{dir.path(), settings};
  std::pair<std::string, bool> verdict;
  for (int i = 0; i < 12 && !verdict.second; ++i) {
    verdict = check_run(kafka.bootstrap_servers(), eddy.port());
    if (!verdict.second)
      std::this_thread::sleep_for(2s);
  }
  CHECK_MESSAGE(verdict.second, verdict.first);
  for (auto topic : {"transaction.log.1", "transaction.output.log.1"})
    CHECK_MESSAGE(first_offsets_are_zero(kafka.bootstrap_servers(), topic),
                  "the dev cluster dropped the oldest records of "
                      << topic << " (it keeps 5 MiB per partition)");
}
