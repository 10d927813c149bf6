// The seed's TransactionProcessor as a keyed process function: per item, a
// transaction is applied iff stock + quantity >= 0, and a query reads the
// stock. Transactions and queries share one partition per item, so both see
// the same stock in order. A transaction whose transport may repeat it is
// applied once per id within the dedup window: its id and result stay in
// the item's map state, persisted with the stock, and a repeat is answered
// with that result and changes nothing.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "messages/inventory_records.hpp"
#include "runtime/keyed_process.hpp"
#include "runtime/value_codec.hpp"

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

/// What a transaction that may be repeated left behind: enough to answer
/// a repeat with the first result (its other fields are the repeat's own).
struct transaction_outcome {
  int32_t quantity = 0;
  bool success = false;
};

template <>
struct value_codec<transaction_outcome> {
  using fields = std::pair<int32_t, bool>;

  static void encode(const transaction_outcome& x, std::string& out) {
    value_codec<fields>::encode(fields{x.quantity, x.success}, out);
  }

  static caf::expected<transaction_outcome> decode(std::string_view& in) {
    auto x = value_codec<fields>::decode(in);
    if (!x)
      return x.error();
    return transaction_outcome{x->first, x->second};
  }

  static nlohmann::json to_json(const transaction_outcome& x) {
    return {{"quantity", x.quantity}, {"success", x.success}};
  }
};

struct stock_process {
  using value = int64_t; // the stock of one item
  using output = inventory_output;
  /// Per item, the transactions that may be repeated, by id.
  using entry = transaction_outcome;

  /// How long a repeated transaction id is recognized (wall clock); zero
  /// remembers none.
  std::chrono::milliseconds dedup_window{std::chrono::hours{24}};

  state_ttl entry_time_to_live() const {
    return {dedup_window, time_domain::processing};
  }

  /// Copies the transaction into its result.
  void process(const item_transaction& tx, auto& ctx) const {
    if (!tx.may_be_repeated || dedup_window.count() == 0) {
      auto success = apply(tx, ctx);
      return ctx.emit(transaction_result{tx, success});
    }
    auto id = id_bytes(tx.transaction_id);
    auto id_view = std::string_view{id.data(), id.size()};
    if (auto* first = ctx.entry(id_view)) {
      auto repeated = tx;
      repeated.quantity = first->quantity;
      return ctx.emit(
          transaction_result{std::move(repeated), first->success, true});
    }
    auto success = apply(tx, ctx);
    // Before the emit: the context's key views the transaction's item.
    ctx.put_entry(id_view, transaction_outcome{tx.quantity, success});
    ctx.emit(transaction_result{tx, success});
  }

  void process(const query& q, auto& ctx) const {
    auto* current = ctx.value();
    ctx.emit(query_result{q.query_id, {q.item_id, current ? *current : 0}});
  }

private:
  // Applies `tx` iff the stock stays >= 0 and answers whether it did.
  static bool apply(const item_transaction& tx, auto& ctx) {
    auto* current = ctx.value();
    auto next = (current ? *current : 0) + tx.quantity;
    auto success = next >= 0;
    // A rejected first transaction still makes the item known (stock 0).
    if (success || current == nullptr)
      ctx.write() = success ? next : 0;
    return success;
  }

  static std::array<char, 8> id_bytes(int64_t id) {
    std::array<char, 8> out;
    for (size_t i = 0; i < out.size(); ++i)
      out[i] = static_cast<char>(static_cast<uint64_t>(id) >> (56 - 8 * i));
    return out;
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
