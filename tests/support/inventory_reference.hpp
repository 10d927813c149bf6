// What the inventory job must produce, computed apart from the engine, and
// the steps tests of it share: generating and producing transactions,
// checking stocks, crashing a partition and waiting for its restart.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "messages/inventory_records.hpp"
#include "tests/support/job_tester.hpp"

namespace eddy::test {

/// `count` transactions over `num_items` items from the deterministic
/// generator with `seed`, ids 0..count-1 (event times from 1000 on).
std::vector<item_transaction>
generated_transactions(int64_t count, int64_t num_items, uint64_t seed);

/// The outcome of every transaction and the final stocks, from applying
/// each item's transactions in order with the seed's rule.
struct reference_run {
  std::map<int64_t, bool> success;
  std::map<std::string, int64_t> stock;

  explicit reference_run(const std::vector<item_transaction>& txs);
};

/// Checks that the job reads exactly `expected` for every item in it.
void check_stocks(job_tester& tester,
                  const std::map<std::string, int64_t>& expected);

/// Crashes partition p and waits until its supervisor has it running again.
void crash_and_await_restart(job_tester& tester, int32_t p);

/// Produces `txs` to transaction.log.1 in the seed's text format, keyed by
/// item (so each item stays in order), then `extra` (topic, payload) pairs.
void produce_transactions(
    const std::string& bootstrap, const std::vector<item_transaction>& txs,
    const std::vector<std::pair<std::string, std::string>>& extra = {});

/// Settings for the job reading and writing the seed's topics on the dev
/// cluster at `bootstrap` as consumer group `group`.
job_tester::overrides kafka_job_settings(const std::string& bootstrap,
                                         const std::string& group);

} // namespace eddy::test
