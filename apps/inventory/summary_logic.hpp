// The seed's windowed summaries as window logic: per item and window, the
// transactions that succeeded, failed and their volume, passed on only when
// the seed's SummaryAlertingCondition holds (enough transactions, and a
// failure rate above the threshold).
#pragma once

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "apps/inventory/inventory_logic.hpp"

namespace eddy {

/// What an open window holds per item: only the counts (the item and the
/// window's bounds are its key), since a window may hold every item.
struct summary_counts {
  int64_t succeeded = 0;
  int64_t failed = 0;
  int64_t volume = 0;
};

struct summary_logic {
  using input = inventory_output;
  using accumulator = summary_counts;
  using result = transaction_summary;

  /// The column family of the open windows.
  static constexpr const char* name = "inventory_summaries";

  /// Alert when more than `min_transactions` and a failure rate above
  /// `min_failure_rate` (the seed's transaction.num.min and
  /// transaction.failure.rate.min).
  int64_t min_transactions = 100;
  double min_failure_rate = 0.5;

  bool select(const input& in, int64_t& event_time,
              std::string_view& key) const {
    auto* res = std::get_if<transaction_result>(&in);
    if (res == nullptr)
      return false;
    event_time = res->transaction.ts;
    key = res->transaction.item_id;
    return true;
  }

  void accumulate(accumulator& acc, const input& in) const {
    auto& res = std::get<transaction_result>(in);
    if (res.success)
      ++acc.succeeded;
    else
      ++acc.failed;
    acc.volume += std::abs(int64_t{res.transaction.quantity});
  }

  /// An open window's counts as `succeeded failed volume`.
  static void encode(const accumulator& acc, std::string& out) {
    // No temporaries: a checkpoint encodes one per item.
    out.clear();
    for (auto field : {acc.succeeded, acc.failed, acc.volume}) {
      char text[21]; // the longest int64_t with its sign
      auto* end = std::to_chars(text, text + sizeof text, field).ptr;
      if (!out.empty())
        out.push_back(' ');
      out.append(text, end);
    }
  }

  static caf::expected<accumulator> decode(std::string_view bytes) {
    accumulator acc;
    int64_t* fields[] = {&acc.succeeded, &acc.failed, &acc.volume};
    auto* pos = bytes.data();
    auto* end = bytes.data() + bytes.size();
    for (size_t i = 0; i < 3; ++i) {
      if (i > 0 && (pos == end || *pos++ != ' '))
        pos = nullptr;
      auto [next, err] =
          pos ? std::from_chars(pos, end, *fields[i])
              : std::from_chars_result{end, std::errc::invalid_argument};
      if (err != std::errc{})
        return make_error(
            ec::storage_failure,
            "a window summary is not `succeeded failed volume`: '" +
                std::string{bytes} + "'");
      pos = next;
    }
    if (pos != end)
      return make_error(ec::storage_failure,
                        "a window summary has trailing bytes: '" +
                            std::string{bytes} + "'");
    return acc;
  }

  std::optional<result> finish(std::string_view key, int64_t start, int64_t end,
                               const accumulator& acc) const {
    auto total = acc.succeeded + acc.failed;
    if (total <= min_transactions ||
        static_cast<double>(acc.failed) / static_cast<double>(total) <=
            min_failure_rate)
      return std::nullopt;
    return transaction_summary{std::string{key}, start,      end,
                               acc.succeeded,    acc.failed, acc.volume};
  }
};

} // namespace eddy
