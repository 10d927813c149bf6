// The independent recomputation of an inventory run: the seed's rule applied
// to the transaction log, giving the result every transaction must have had
// and the stock every item must have ended with.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "caf/expected.hpp"

#include "messages/inventory_records.hpp"

namespace eddy::check {

/// An item, numbered in the order the log first names it.
using item_index = uint32_t;

/// A transaction's place in the log, counted from 0.
using log_position = uint32_t;

/// What one transaction of the log must have produced, in 24 bytes.
struct expected_transaction {
  int64_t transaction_id = 0;
  int64_t ts = 0;
  int32_t quantity = 0;
  item_index item : 31 = 0;
  item_index success : 1 = 0;
};

/// How many items a run can name.
inline constexpr item_index max_items = item_index{1} << 31;
static_assert(sizeof(expected_transaction) == 24);

class expected_run {
public:
  /// Applies `tx` after every transaction added before it: it succeeds iff
  /// its item's stock + quantity >= 0 (an item not seen yet has stock 0),
  /// and only a success changes the stock. Fails with ec::malformed_record
  /// once the run holds as many transactions as a log_position can count
  /// or max_items items, or after seal().
  [[nodiscard]] caf::expected<void> add(const item_transaction& tx);

  /// Ends the log and builds the lookup by transaction id: a table indexed
  /// by the offset from the smallest id when the ids are dense, else a hash
  /// map. Fails with ec::malformed_record naming a transaction id that the
  /// log holds twice, and the two places (counted from 1).
  [[nodiscard]] caf::expected<void> seal();

  /// The place of the transaction with `transaction_id`, if the log holds
  /// it. Only after seal().
  std::optional<log_position> find(int64_t transaction_id) const;

  /// The transaction at `position` (< transactions()).
  const expected_transaction& at(log_position position) const {
    return transactions_[position];
  }

  /// How many transactions the log holds.
  size_t transactions() const noexcept { return transactions_.size(); }

  /// How many distinct items the log names.
  size_t items() const noexcept { return names_.size(); }

  /// The id of the item numbered `item` (< items()).
  const std::string& item_name(item_index item) const { return names_[item]; }

  /// The stock `item` ends with.
  int64_t stock(item_index item) const { return stock_[item]; }

  /// Whether find() uses the dense table rather than the hash map.
  bool is_dense() const noexcept { return !dense_.empty(); }

private:
  static constexpr log_position no_position =
      std::numeric_limits<log_position>::max();

  std::vector<expected_transaction> transactions_; // in log order
  std::vector<std::string> names_;                 // by item_index
  std::vector<int64_t> stock_;                     // by item_index
  std::unordered_map<std::string, item_index> items_;
  bool is_sealed_ = false;
  int64_t min_id_ = 0;
  std::vector<log_position> dense_; // by id - min_id_, or empty
  std::unordered_map<int64_t, log_position> sparse_;
};

} // namespace eddy::check
