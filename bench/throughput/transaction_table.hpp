// The input every throughput figure applies: first one stock-adding
// transaction per item, so every item exists, then the seed's generated
// transactions, made once up front and cycled through.
#pragma once

#include <cstdint>
#include <vector>

#include "messages/inventory_records.hpp"
#include "messages/stream.hpp"

namespace eddy::bench {

class transaction_table {
public:
  /// `items` distinct items; `size` generated transactions (the seed's
  /// Pareto item distribution and Gaussian quantities).
  transaction_table(uint64_t items, uint64_t size);

  /// Record `i` of the endless stream: for i < items(), +100 to
  /// item_{i+1}; after that the generated transactions in a cycle. The
  /// transaction id is always `i`.
  item_transaction at(offset_t i) const;

  /// The generated transaction `i mod size`, without a copy.
  const item_transaction& generated(uint64_t i) const {
    return generated_[i % generated_.size()];
  }

  uint64_t items() const noexcept { return items_; }

private:
  uint64_t items_;
  std::vector<item_transaction> generated_;
};

} // namespace eddy::bench
