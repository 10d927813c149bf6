// The seed's TransactionProcessor as partition logic: a transaction is
// applied iff stock + quantity >= 0, a query reads the stock. Transactions
// and queries share one partition so both see the same state in order.
#pragma once

#include <charconv>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "caf/expected.hpp"

#include "actors/keyed_state.hpp"
#include "messages/error.hpp"
#include "messages/inventory_records.hpp"

namespace eddy {

using inventory_input = std::variant<item_transaction, query>;
using inventory_output = std::variant<transaction_result, query_result>;

struct inventory_logic {
  using input = inventory_input;
  using output = inventory_output;
  using value = int64_t; // the stock of one item

  static constexpr const char* name = "inventory";

  static std::string_view key_of(const input& in) {
    return std::visit([](auto& x) -> std::string_view { return x.item_id; },
                      in);
  }

  /// Moves the transaction into its result.
  void apply(input& in, keyed_state<value>& stock,
             std::vector<output>& out) const {
    if (auto* tx = std::get_if<item_transaction>(&in)) {
      auto item = stock.lookup(tx->item_id);
      auto* current = item.value();
      auto next = (current ? *current : 0) + tx->quantity;
      auto success = next >= 0;
      // A rejected first transaction still makes the item known (stock 0).
      if (success || current == nullptr)
        item.write() = success ? next : 0;
      out.emplace_back(transaction_result{std::move(*tx), success});
      return;
    }
    auto& q = std::get<query>(in);
    auto* current = stock.find(q.item_id);
    out.emplace_back(
        query_result{q.query_id, {q.item_id, current ? *current : 0}});
  }

  static void encode(const value& stock, std::string& out) {
    out = std::to_string(stock);
  }

  static caf::expected<value> decode(std::string_view bytes) {
    value result = 0;
    auto [end, err] =
        std::from_chars(bytes.data(), bytes.data() + bytes.size(), result);
    if (err != std::errc{} || end != bytes.data() + bytes.size())
      return make_error(ec::storage_failure,
                        "stored stock is not an integer: " +
                            std::string{bytes});
    return result;
  }
};

} // namespace eddy
