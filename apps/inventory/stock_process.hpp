// The seed's TransactionProcessor as a keyed process function: per item, a
// transaction is applied iff stock + quantity >= 0, and a query reads the
// stock. Transactions and queries share one partition per item, so both see
// the same stock in order.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <variant>

#include "messages/inventory_records.hpp"
#include "runtime/keyed_process.hpp"

namespace eddy {

using inventory_input = std::variant<item_transaction, query>;
using inventory_output = std::variant<transaction_result, query_result>;

/// The key of a transaction or query: its item. A function object, not a
/// function, so that the partitions inline it.
struct item_key {
  std::string_view operator()(const inventory_input& in) const {
    return std::visit([](auto& x) -> std::string_view { return x.item_id; },
                      in);
  }
};
inline constexpr item_key item_of{};

struct stock_process {
  using value = int64_t; // the stock of one item
  using output = inventory_output;

  /// Moves the transaction into its result.
  void process(item_transaction& tx, auto& ctx) const {
    auto* current = ctx.value();
    auto next = (current ? *current : 0) + tx.quantity;
    auto success = next >= 0;
    // A rejected first transaction still makes the item known (stock 0).
    if (success || current == nullptr)
      ctx.write() = success ? next : 0;
    ctx.emit(transaction_result{std::move(tx), success});
  }

  void process(query& q, auto& ctx) const {
    auto* current = ctx.value();
    ctx.emit(query_result{q.query_id, {q.item_id, current ? *current : 0}});
  }
};

/// The stock as a partition runs it (what key_by(item_of).process(...)
/// makes of it), for benchmarks and tests of the engine.
using stock_logic =
    process_logic<inventory_input, inventory_output, stock_process, item_key>;

inline stock_logic make_stock_logic() {
  return stock_logic{stock_process{}, item_of};
}

} // namespace eddy
