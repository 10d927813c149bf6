// A cluster's whole life over the dev Kafka cluster: three eddy processes
// of one group started one after another, one killed with kill -9 and
// started again, one stopped, while transactions keep arriving. After each
// step every process answers every item as the reference does (asking the
// owner where it is not one), and at the end eddy-check proves every
// transaction's result and every stock exact.
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "tests/support/cluster_steps.hpp"
#include "tests/support/dev_kafka.hpp"
#include "tests/support/eddy_check_run.hpp"
#include "tests/support/eddy_process.hpp"
#include "tests/support/inventory_reference.hpp"
#include "tests/support/kafka_reader.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {

constexpr int partitions = 6;

/// Up to three members of one group, and the transactions produced so far.
struct three_members {
  std::string group = test::unique_group_id();
  // The inventory reads transactions and queries: co-partitioned.
  test::dev_kafka kafka{{{test::cluster_input_topic, partitions},
                         {"query.input.log.1", partitions},
                         {"query.output.log.1", 1},
                         {"transaction.output.log.1", partitions},
                         {"eddy.dead.letters", 1},
                         {group + ".members", 1}}};
  std::vector<item_transaction> txs =
      test::generated_transactions(30000, 200, 7);
  size_t produced = 0;
  std::map<std::string, test::temp_dir> dirs;
  std::map<std::string, std::unique_ptr<test::eddy_process>> running;

  /// Starts `name` on its own state directory (the one it had before, if
  /// it ran before). A silent member is dropped from /v1/cluster after 3 s.
  void start(const std::string& name) {
    running[name] = std::make_unique<test::eddy_process>(
        dirs[name].path(),
        test::member_settings(kafka.bootstrap_servers(), group, name, "3000"));
  }

  void kill(const std::string& name) {
    running.at(name)->kill();
    running.erase(name);
  }

  void stop(const std::string& name) {
    REQUIRE(running.at(name)->stop());
    running.erase(name);
  }

  /// Writes the next `n` transactions, keyed by item.
  void produce(size_t n) {
    auto from = txs.begin() + static_cast<ptrdiff_t>(produced);
    test::produce_transactions(kafka.bootstrap_servers(),
                               {from, from + static_cast<ptrdiff_t>(n)});
    produced += n;
  }

  /// Waits for the group to split the input among the running members,
  /// then checks that each of them answers every item's stock as the
  /// reference does after what was produced.
  void check(const std::string& step) {
    INFO(step);
    std::set<std::string> members;
    for (auto& [name, process] : running)
      members.insert(name);
    for (auto& member : running) {
      auto view =
          test::wait_for_split(member.second->port(), members, partitions);
      REQUIRE_MESSAGE(test::splits_among(view, members, partitions),
                      "as " << member.first << " sees it");
    }
    auto expected =
        test::reference_run{
            {txs.begin(), txs.begin() + static_cast<ptrdiff_t>(produced)}}
            .stock;
    for (auto& member : running)
      CHECK_MESSAGE(test::await_stocks(member.second->port(), expected) == "",
                    "asked " << member.first);
  }

  /// eddy-check's line about the whole run, the stock read through member
  /// `name`, once it says exact or after half a minute (the last results
  /// go out with the next checkpoint).
  std::string checked_through(const std::string& name) {
    auto url = "http://127.0.0.1:" + std::to_string(running.at(name)->port());
    std::string line;
    for (int i = 0; i < 30; ++i) {
      auto run = test::run_eddy_check(
          {"--input", "kafka:transaction.log.1", "--results",
           "kafka:transaction.output.log.1", "--bootstrap",
           kafka.bootstrap_servers(), "--stock", url});
      line = run.lines.empty() ? "(no output)" : run.lines[0];
      if (run.exit_code == 0)
        return line;
      std::this_thread::sleep_for(1s);
    }
    return line;
  }
};

} // namespace

TEST_CASE("three eddy processes joining one by one, one killed with kill -9 "
          "and started again, one stopped: after each step every process "
          "answers every item as the reference does, and eddy-check proves "
          "every result and stock exact") {
  three_members cluster;
  cluster.produce(6000);
  cluster.start("eddy-1");
  cluster.check("eddy-1 alone");

  cluster.start("eddy-2");
  cluster.start("eddy-3");
  cluster.produce(6000);
  cluster.check("eddy-2 and eddy-3 joined");

  cluster.kill("eddy-2");
  cluster.produce(6000);
  cluster.check("eddy-2 killed");

  cluster.start("eddy-2");
  cluster.produce(6000);
  cluster.check("eddy-2 started again");

  cluster.stop("eddy-3");
  cluster.produce(6000);
  cluster.check("eddy-3 stopped");

  REQUIRE(cluster.produced == cluster.txs.size());
  for (std::string name : {"eddy-1", "eddy-2"}) {
    auto line = cluster.checked_through(name);
    MESSAGE("eddy-check, the stock through " << name << ": " << line);
    CHECK_MESSAGE(line.rfind("exact:", 0) == 0,
                  "stock through " << name << ": " << line);
  }
}
