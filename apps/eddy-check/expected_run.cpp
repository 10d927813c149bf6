// Applies the seed's rule per item in log order and indexes the outcomes by
// transaction id, compactly enough for logs of ten million transactions.
#include "apps/eddy-check/expected_run.hpp"

#include <algorithm>

#include "messages/error.hpp"

namespace eddy::check {

namespace {

// A table of 4 bytes per possible id beats a hash map (about 40 bytes per
// entry) while at most this many ids in the range are unused per used one.
constexpr uint64_t dense_slack = 2;

std::string twice(int64_t id, log_position first, log_position second) {
  return "transaction " + std::to_string(id) +
         " appears twice in the input (transactions " +
         std::to_string(uint64_t{first} + 1) + " and " +
         std::to_string(uint64_t{second} + 1) + " of the log)";
}

} // namespace

caf::expected<void> expected_run::add(const item_transaction& tx) {
  if (is_sealed_)
    return make_error(ec::malformed_record, "the input was already complete");
  if (transactions_.size() >= no_position)
    return make_error(ec::malformed_record,
                      "the input holds more than " +
                          std::to_string(no_position - 1) + " transactions");
  auto [known, is_new] =
      items_.try_emplace(tx.item_id, static_cast<item_index>(names_.size()));
  if (is_new && names_.size() >= max_items) {
    items_.erase(known);
    return make_error(ec::malformed_record, "the input names more than " +
                                                std::to_string(max_items) +
                                                " items");
  }
  if (is_new) {
    names_.push_back(tx.item_id);
    stock_.push_back(0);
  }
  auto item = known->second;
  auto next = stock_[item] + tx.quantity;
  auto success = next >= 0;
  if (success)
    stock_[item] = next;
  transactions_.push_back(
      {tx.transaction_id, tx.ts, tx.quantity, item, success});
  return caf::unit;
}

caf::expected<void> expected_run::seal() {
  is_sealed_ = true;
  items_ = {}; // only needed while adding
  if (transactions_.empty())
    return caf::unit;
  auto [lowest, highest] = std::minmax_element(
      transactions_.begin(), transactions_.end(),
      [](auto& x, auto& y) { return x.transaction_id < y.transaction_id; });
  min_id_ = lowest->transaction_id;
  // Unsigned arithmetic: the span of two int64 values may not fit one.
  auto span = static_cast<uint64_t>(highest->transaction_id) -
              static_cast<uint64_t>(min_id_) + 1;
  auto count = static_cast<uint64_t>(transactions_.size());
  if (span != 0 && span <= count * (dense_slack + 1)) {
    dense_.assign(span, no_position);
    for (log_position pos = 0; pos < transactions_.size(); ++pos) {
      auto id = transactions_[pos].transaction_id;
      auto& slot =
          dense_[static_cast<uint64_t>(id) - static_cast<uint64_t>(min_id_)];
      if (slot != no_position)
        return make_error(ec::malformed_record, twice(id, slot, pos));
      slot = pos;
    }
    return caf::unit;
  }
  sparse_.reserve(transactions_.size());
  for (log_position pos = 0; pos < transactions_.size(); ++pos) {
    auto id = transactions_[pos].transaction_id;
    auto [slot, is_new] = sparse_.try_emplace(id, pos);
    if (!is_new)
      return make_error(ec::malformed_record, twice(id, slot->second, pos));
  }
  return caf::unit;
}

std::optional<log_position> expected_run::find(int64_t transaction_id) const {
  if (!dense_.empty()) {
    auto offset =
        static_cast<uint64_t>(transaction_id) - static_cast<uint64_t>(min_id_);
    if (offset >= dense_.size() || dense_[offset] == no_position)
      return std::nullopt;
    return dense_[offset];
  }
  if (auto slot = sparse_.find(transaction_id); slot != sparse_.end())
    return slot->second;
  return std::nullopt;
}

} // namespace eddy::check
