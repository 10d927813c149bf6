// The checks of a run against its recomputation: completeness, no unknown
// results, equal results, per-item order (as Flink's end-to-end
// exactly-once test checks per-key sequences) and the final stock.
#include "apps/eddy-check/run_comparison.hpp"

#include <limits>

namespace eddy::check {

namespace {

constexpr log_position no_position = std::numeric_limits<log_position>::max();

std::string bool_text(bool x) {
  return x ? "true" : "false";
}

// "transaction 9: expected true, got false", naming the first field of the
// result that differs from the expected one.
std::string describe_mismatch(const expected_transaction& want,
                              const std::string& want_item,
                              const transaction_result& got) {
  auto prefix =
      "transaction " + std::to_string(want.transaction_id) + ": expected ";
  auto& tx = got.transaction;
  if (tx.item_id != want_item)
    return prefix + "itemId " + want_item + ", got " + tx.item_id;
  if (tx.quantity != want.quantity)
    return prefix + "quantity " + std::to_string(want.quantity) + ", got " +
           std::to_string(tx.quantity);
  if (tx.ts != want.ts)
    return prefix + "ts " + std::to_string(want.ts) + ", got " +
           std::to_string(tx.ts);
  return prefix + bool_text(static_cast<bool>(want.success)) + ", got " +
         bool_text(got.success);
}

bool is_equal(const expected_transaction& want, const std::string& want_item,
              const transaction_result& got) {
  auto& tx = got.transaction;
  return got.success == static_cast<bool>(want.success) &&
         tx.quantity == want.quantity && tx.ts == want.ts &&
         tx.item_id == want_item;
}

} // namespace

run_comparison::run_comparison(const expected_run& expected,
                               bool is_exactly_once)
    : expected_(expected), is_exactly_once_(is_exactly_once),
      copies_(expected.transactions(), 0),
      latest_first_(expected.items(), no_position) {
  report_.totals.transactions = expected.transactions();
  report_.totals.items = expected.items();
}

void run_comparison::add_result(const transaction_result& result) {
  auto& tx = result.transaction;
  auto position = expected_.find(tx.transaction_id);
  if (!position) {
    report_.note(difference::unknown, [&] {
      return "first: transaction " + std::to_string(tx.transaction_id) + ", " +
             tx.item_id;
    });
    return;
  }
  auto& want = expected_.at(*position);
  auto& want_item = expected_.item_name(want.item);
  auto& copies = copies_[*position];
  auto is_first = copies == 0;
  if (copies < std::numeric_limits<uint8_t>::max())
    ++copies;
  if (!is_equal(want, want_item, result))
    report_.note(difference::wrong_result,
                 [&] { return describe_mismatch(want, want_item, result); });
  if (!is_first) {
    ++report_.totals.duplicates;
    if (is_exactly_once_)
      report_.note(difference::duplicate, [&] {
        return "first: transaction " + std::to_string(want.transaction_id) +
               ", " + want_item;
      });
    return;
  }
  auto& latest = latest_first_[want.item];
  if (latest == no_position || latest < *position) {
    latest = *position;
    return;
  }
  report_.note(difference::out_of_order, [&] {
    return "first: transaction " + std::to_string(want.transaction_id) +
           " after transaction " +
           std::to_string(expected_.at(latest).transaction_id) + ", " +
           want_item;
  });
}

void run_comparison::finish_results() {
  for (log_position pos = 0; pos < copies_.size(); ++pos) {
    if (copies_[pos] > 0)
      continue;
    auto& want = expected_.at(pos);
    report_.note(difference::missing, [&] {
      return "first: transaction " + std::to_string(want.transaction_id) +
             ", " + expected_.item_name(want.item);
    });
  }
}

void run_comparison::compare_stock(const stock_map& actual) {
  for (item_index item = 0; item < expected_.items(); ++item) {
    auto& name = expected_.item_name(item);
    auto want = expected_.stock(item);
    auto got = actual.find(name);
    if (got == actual.end()) {
      report_.note(difference::missing_stock, [&] {
        return "first: " + name + ", expected " + std::to_string(want);
      });
    } else if (got->second != want) {
      report_.note(difference::wrong_stock, [&] {
        return name + ": expected " + std::to_string(want) + ", got " +
               std::to_string(got->second);
      });
    }
  }
}

} // namespace eddy::check
