// Generates the table once.
#include "bench/throughput/transaction_table.hpp"

#include <string>

#include "bench/common/progress.hpp"
#include "connectors/transaction_generator.hpp"

namespace eddy::bench {

namespace {

/// Adds this much stock, so every priming transaction is accepted.
constexpr int32_t priming_quantity = 100;

} // namespace

transaction_table::transaction_table(uint64_t items, uint64_t size)
    : items_(items) {
  progress("generating " + with_commas(size) + " transactions over " +
           with_commas(items) + " items");
  transaction_generator make;
  make.num_items = static_cast<int64_t>(items);
  generated_.reserve(size);
  for (uint64_t i = 0; i < size; ++i)
    generated_.push_back(make(static_cast<offset_t>(i), 0));
}

item_transaction transaction_table::at(offset_t i) const {
  auto index = static_cast<uint64_t>(i);
  if (index < items_)
    return {i, 0, "item_" + std::to_string(index + 1), priming_quantity};
  auto tx = generated(index - items_);
  tx.transaction_id = i;
  return tx;
}

} // namespace eddy::bench
