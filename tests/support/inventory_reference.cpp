// Reference results and shared steps for inventory job tests.
#include "tests/support/inventory_reference.hpp"

#include <chrono>
#include <thread>

#include <doctest/doctest.h>

#include "connectors/kafka/producer.hpp"
#include "connectors/transaction_generator.hpp"
#include "messages/error.hpp"
#include "messages/tab_codec.hpp"
#include "tests/support/kafka_reader.hpp"

namespace eddy::test {

using namespace std::chrono_literals;

std::vector<item_transaction>
generated_transactions(int64_t count, int64_t num_items, uint64_t seed) {
  transaction_generator make{seed, num_items};
  std::vector<item_transaction> txs;
  for (int64_t i = 0; i < count; ++i)
    txs.push_back(make(i, 1000 + i));
  return txs;
}

reference_run::reference_run(const std::vector<item_transaction>& txs) {
  for (auto& tx : txs) {
    auto next = stock[tx.item_id] + tx.quantity;
    success[tx.transaction_id] = next >= 0;
    if (next >= 0)
      stock[tx.item_id] = next;
  }
}

void check_stocks(job_tester& tester,
                  const std::map<std::string, int64_t>& expected) {
  for (auto& entry : expected) {
    const std::string& item = entry.first;
    auto stock = tester.read_stock(item);
    REQUIRE_MESSAGE(stock, describe(stock.error()));
    CHECK_MESSAGE(stock->quantity == entry.second, item);
  }
}

void crash_and_await_restart(job_tester& tester, int32_t p) {
  auto restarts = tester.job().status().partitions[p].restarts;
  tester.job().crash_partition(p);
  for (int i = 0; i < 1000; ++i) {
    auto now = tester.job().status().partitions[p];
    if (now.restarts > restarts && now.state == run_state::running)
      return;
    std::this_thread::sleep_for(5ms);
  }
  FAIL("partition " << p << " was not restarted");
}

void produce_transactions(
    const std::string& bootstrap, const std::vector<item_transaction>& txs,
    const std::vector<std::pair<std::string, std::string>>& extra) {
  auto producer = kafka_producer::make(test_kafka_properties(bootstrap));
  REQUIRE(producer);
  std::string line;
  for (auto& tx : txs) {
    line.clear();
    format(tx, line);
    REQUIRE(producer->send("transaction.log.1", tx.item_id, line));
  }
  for (auto& [topic, payload] : extra)
    REQUIRE(producer->send(topic, {}, payload));
  REQUIRE(producer->flush(60s));
}

job_tester::overrides kafka_job_settings(const std::string& bootstrap,
                                         const std::string& group) {
  return {{"source.kafka.enabled", "true"},
          {"sink.kafka.enabled", "true"},
          {"kafka.bootstrap.servers", bootstrap},
          {"kafka.group.id", group},
          {"kafka.session.timeout.ms", "6000"},
          {"kafka.heartbeat.interval.ms", "500"}};
}

} // namespace eddy::test
