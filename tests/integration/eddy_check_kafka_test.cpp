// eddy-check reading its input and results from Kafka topics of the dev
// cluster: whole topics across partitions, JSON results, a run of the real
// inventory job proven exact, an empty results topic and a missing broker.
#include "apps/eddy-check/topic_reader.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "connectors/kafka/producer.hpp"
#include "connectors/transaction_generator.hpp"
#include "messages/error.hpp"
#include "messages/json_codec.hpp"
#include "messages/tab_codec.hpp"
#include "tests/support/dev_kafka.hpp"
#include "tests/support/eddy_check_run.hpp"
#include "tests/support/job_tester.hpp"
#include "tests/support/kafka_reader.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;

namespace eddy::test {

namespace {

std::vector<item_transaction> generated(int64_t count, int64_t num_items) {
  transaction_generator make{7, num_items};
  std::vector<item_transaction> txs;
  for (int64_t i = 0; i < count; ++i)
    txs.push_back(make(i, 1000 + i));
  return txs;
}

// What the job must answer, by the seed's rule, in log order.
std::vector<transaction_result>
reference_results(const std::vector<item_transaction>& txs) {
  std::map<std::string, int64_t> stock;
  std::vector<transaction_result> results;
  for (auto& tx : txs) {
    auto next = stock[tx.item_id] + tx.quantity;
    results.push_back({tx, next >= 0});
    if (next >= 0)
      stock[tx.item_id] = next;
  }
  return results;
}

enum class text_form { tab, json };

// Produces `records` to `topic` keyed by item id, as the seed and the job
// do, so that each item stays in order.
template <class Record>
void produce(const std::string& bootstrap, const std::string& topic,
             const std::vector<Record>& records,
             text_form form = text_form::tab) {
  auto producer = kafka_producer::make(test_kafka_properties(bootstrap));
  REQUIRE(producer);
  std::string line;
  for (auto& record : records) {
    line.clear();
    if (form == text_form::json)
      format_json(record, line);
    else
      format(record, line);
    const item_transaction* tx = nullptr;
    if constexpr (std::is_same_v<Record, transaction_result>)
      tx = &record.transaction;
    else
      tx = &record;
    REQUIRE(producer->send(topic, tx->item_id, line));
  }
  REQUIRE(producer->flush(60s));
}

std::vector<std::string> kafka_args(const dev_kafka& kafka,
                                    const std::string& input,
                                    const std::string& results) {
  return {"--input",          "kafka:" + input, "--results",
          "kafka:" + results, "--bootstrap",    kafka.bootstrap_servers()};
}

} // namespace

TEST_CASE(
    "eddy-check's topic reader reads every partition to its end offsets") {
  dev_kafka kafka{{{"lines", 3}}};
  auto txs = generated(500, 40);
  produce(kafka.bootstrap_servers(), "lines", txs);
  std::map<std::string, std::vector<int64_t>> ids_by_item;
  auto read = check::read_topic_lines(
      "lines", {kafka.bootstrap_servers(), true}, [&](std::string_view line) {
        auto tx = parse_transaction(line);
        REQUIRE(tx);
        ids_by_item[tx->item_id].push_back(tx->transaction_id);
        return caf::error{};
      });
  REQUIRE(read);
  CHECK(*read == txs.size());
  std::map<std::string, std::vector<int64_t>> want;
  for (auto& tx : txs)
    want[tx.item_id].push_back(tx.transaction_id);
  CHECK(ids_by_item == want); // every item in its log order
}

TEST_CASE("eddy-check's topic reader names the partition and offset of a "
          "bad line") {
  dev_kafka kafka{{{"lines", 1}}};
  auto producer =
      kafka_producer::make(test_kafka_properties(kafka.bootstrap_servers()));
  REQUIRE(producer);
  REQUIRE(producer->send("lines", "k", "fine"));
  REQUIRE(producer->send("lines", "k", "bad"));
  REQUIRE(producer->flush(10s));
  auto read = check::read_topic_lines(
      "lines", {kafka.bootstrap_servers(), true}, [](std::string_view line) {
        return line == "bad" ? make_error(ec::malformed_record, "no good")
                             : caf::error{};
      });
  REQUIRE_FALSE(read);
  CHECK(describe(read.error()) ==
        "malformed_record: topic 'lines' partition 0 offset 1: no good");
}

TEST_CASE("eddy-check proves exact a run whose results on Kafka match its "
          "input on Kafka") {
  dev_kafka kafka{{{"check.in", 4}, {"check.out", 4}}};
  auto txs = generated(3000, 100);
  produce(kafka.bootstrap_servers(), "check.in", txs);
  produce(kafka.bootstrap_servers(), "check.out", reference_results(txs));
  auto run = run_eddy_check(kafka_args(kafka, "check.in", "check.out"));
  CHECK(run.exit_code == 0);
  REQUIRE(run.lines.size() == 1);
  CHECK(run.lines[0].starts_with("exact: 3000 transactions, "));
  CHECK(run.lines[0].ends_with(" items, 0 duplicates"));
}

TEST_CASE("eddy-check reads the job's JSON results from Kafka") {
  dev_kafka kafka{{{"check.in", 2}, {"check.out", 2}}};
  auto txs = generated(500, 20);
  produce(kafka.bootstrap_servers(), "check.in", txs);
  produce(kafka.bootstrap_servers(), "check.out", reference_results(txs),
          text_form::json);
  auto args = kafka_args(kafka, "check.in", "check.out");
  args.insert(args.end(), {"--isolation", "read_uncommitted"});
  auto run = run_eddy_check(args);
  CHECK(run.exit_code == 0);
  REQUIRE(run.lines.size() == 1);
  CHECK(run.lines[0].starts_with("exact: 500 transactions, "));
}

TEST_CASE("eddy-check reports a result missing from a Kafka topic and a "
          "duplicate under exactly-once") {
  dev_kafka kafka{{{"check.in", 4}, {"check.out", 4}}};
  auto txs = generated(1000, 50);
  auto results = reference_results(txs);
  auto lost = results[400];
  results.erase(results.begin() + 400);
  results.push_back(results[10]);
  produce(kafka.bootstrap_servers(), "check.in", txs);
  produce(kafka.bootstrap_servers(), "check.out", results);
  auto args = kafka_args(kafka, "check.in", "check.out");
  args.push_back("--exactly-once");
  auto run = run_eddy_check(args);
  CHECK(run.exit_code == 1);
  CHECK(run.lines ==
        std::vector<std::string>{
            "differs: 1 missing (first: transaction 400, " +
            lost.transaction.item_id + "), 1 duplicate (first: transaction " +
            std::to_string(results[10].transaction.transaction_id) + ", " +
            results[10].transaction.item_id + ")"});
}

TEST_CASE("eddy-check proves exact a run of the inventory job on Kafka, its "
          "stock included") {
  dev_kafka kafka{{{"transaction.log.1", 4},
                   {"query.input.log.1", 2},
                   {"query.output.log.1", 2},
                   {"transaction.output.log.1", 4},
                   {"eddy.dead.letters", 1}}};
  auto txs = generated(5000, 200);
  produce(kafka.bootstrap_servers(), "transaction.log.1", txs);
  job_tester job{{{"source.kafka.enabled", "true"},
                  {"sink.kafka.enabled", "true"},
                  {"kafka.bootstrap.servers", kafka.bootstrap_servers()},
                  {"kafka.group.id", unique_group_id()},
                  {"kafka.session.timeout.ms", "6000"},
                  {"kafka.heartbeat.interval.ms", "500"}}};
  REQUIRE(read_messages(kafka.bootstrap_servers(), {"transaction.output.log.1"},
                        txs.size(), 120s)
              .size() == txs.size());
  temp_dir dir;
  auto stock_path = dir.path() + "/stock.txt";
  {
    std::ofstream stock{stock_path};
    std::map<std::string, bool> items;
    for (auto& tx : txs)
      items[tx.item_id] = true;
    for (auto& [item, unused] : items) {
      auto info = job.read_stock(item);
      REQUIRE(info);
      stock << item << '\t' << info->quantity << '\n';
    }
  }
  auto args =
      kafka_args(kafka, "transaction.log.1", "transaction.output.log.1");
  args.insert(args.end(), {"--exactly-once", "--stock", stock_path});
  auto run = run_eddy_check(args);
  CHECK(run.exit_code == 0);
  REQUIRE(run.lines.size() == 1);
  CHECK(run.lines[0].starts_with("exact: 5000 transactions, "));
}

TEST_CASE("eddy-check reports every result missing when the results topic "
          "is empty") {
  dev_kafka kafka{{{"check.in", 2}, {"check.out", 2}}};
  auto txs = generated(20, 5);
  produce(kafka.bootstrap_servers(), "check.in", txs);
  auto run = run_eddy_check(kafka_args(kafka, "check.in", "check.out"));
  CHECK(run.exit_code == 1);
  REQUIRE(run.lines.size() == 1);
  CHECK(run.lines[0].starts_with("differs: 20 missing (first: transaction "));
}

TEST_CASE("eddy-check exits 2 when no broker answers") {
  auto run = run_eddy_check({"--input", "kafka:in", "--results", "kafka:out",
                             "--bootstrap", "127.0.0.1:1"});
  CHECK(run.exit_code == 2);
  CHECK(run.lines.empty());
}

} // namespace eddy::test
