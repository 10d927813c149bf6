// The inventory job's records (seed 002): what flows in, the keyed state,
// and what flows out. Codecs live in tab_codec.hpp and json_codec.hpp.
#pragma once

#include <cstdint>
#include <string>

#include "caf/allowed_unsafe_message_type.hpp"

namespace eddy {

/// A stock change: positive adds stock, negative is a purchase.
struct item_transaction {
  int64_t transaction_id = 0;
  int64_t ts = 0; // event time, milliseconds since the epoch
  std::string item_id;
  int32_t quantity = 0;
  /// Whether its transport may deliver it again (HTTP retries, MQTT QoS 1
  /// redeliveries, socket resends): the stock then remembers its id and
  /// answers a repeat with the first result (see stock_process.hpp).
  bool may_be_repeated = false;
  /// The same transaction, whichever transport brought it.
  friend bool operator==(const item_transaction& x, const item_transaction& y) {
    return x.transaction_id == y.transaction_id && x.ts == y.ts &&
           x.item_id == y.item_id && x.quantity == y.quantity;
  }
};

/// A request for the current stock of one item.
struct query {
  int64_t query_id = 0;
  std::string item_id;
  friend bool operator==(const query&, const query&) = default;
};

/// The keyed state of the inventory: the stock of one item.
struct item_info {
  std::string item_id;
  int64_t quantity = 0;
  friend bool operator==(const item_info&, const item_info&) = default;
};

/// Whether a transaction was applied (stock + quantity >= 0) or rejected.
struct transaction_result {
  item_transaction transaction;
  bool success = false;
  /// A repeat of a transaction applied before: `transaction` and `success`
  /// are the first one's, and nothing changed.
  bool is_repeat = false;
  friend bool operator==(const transaction_result&,
                         const transaction_result&) = default;
};

/// The answer to a query: the stock when the query was processed.
struct query_result {
  int64_t query_id = 0;
  item_info item;
  friend bool operator==(const query_result&, const query_result&) = default;
};

/// Per item and window: how many transactions succeeded and failed, and
/// their summed absolute quantity (the seed's TransactionSummaryAggregator).
struct transaction_summary {
  std::string item_id;
  int64_t window_start = 0; // inclusive, milliseconds
  int64_t window_end = 0;   // exclusive, milliseconds
  int64_t succeeded = 0;
  int64_t failed = 0;
  int64_t volume = 0;
  friend bool operator==(const transaction_summary&,
                         const transaction_summary&) = default;
};

} // namespace eddy

// Records only travel between actors of one process; they are never
// serialized by CAF, so they need no inspect overloads.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(eddy::item_transaction)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(eddy::query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(eddy::item_info)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(eddy::transaction_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(eddy::query_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(eddy::transaction_summary)
