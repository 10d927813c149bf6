// The tab-delimited text form of the inventory records (the Flink seed's
// format on Kafka, sockets and files): parsing and formatting, hot-path safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "caf/expected.hpp"

#include "messages/dead_letter.hpp"
#include "messages/inventory_records.hpp"

namespace eddy {

// Every parse_* function takes one line without its newline; one trailing
// "\r" (or "\r\n") is tolerated and stripped. Integers are decimal with an
// optional leading '-', nothing else. On failure it returns
// `ec::malformed_record` whose text names the field, its ordinal and the
// position of its first byte in the line, counted from 1 as nlohmann/json
// and editors count, e.g.
//   field 'quantity' (4th field, byte 16): expected a 32-bit integer, got "x"
// They never throw (except std::bad_alloc) and never read outside `line`.

/// Parses `transactionId\tts\titemId\tquantity`.
[[nodiscard]] caf::expected<item_transaction>
parse_transaction(std::string_view line);

/// Parses `queryId itemId`. The separator is a tab if the line has one (then
/// the item id may contain spaces), otherwise a single space as typed into
/// the seed's socket (`123 item_2`).
[[nodiscard]] caf::expected<query> parse_query(std::string_view line);

/// Parses `itemId\tquantity`.
[[nodiscard]] caf::expected<item_info> parse_item_info(std::string_view line);

/// Parses `transactionId\tts\titemId\tquantity\tsuccess`, success being
/// `true` or `false`.
[[nodiscard]] caf::expected<transaction_result>
parse_transaction_result(std::string_view line);

/// Parses `queryId\titemId\tquantity`.
[[nodiscard]] caf::expected<query_result>
parse_query_result(std::string_view line);

/// Parses `itemId\twindowStart\twindowEnd\tsucceeded\tfailed\tvolume`.
[[nodiscard]] caf::expected<transaction_summary>
parse_transaction_summary(std::string_view line);

// Every format overload appends the record's line to `out`, without a
// newline, in the form its parse_* function reads (a query with a tab), and
// allocates nothing beyond the growth of `out`. The item id must satisfy
// is_valid_item_id (every parser in messages/ guarantees it), otherwise the
// line will not parse back.

void format(const item_transaction& x, std::string& out);
void format(const query& x, std::string& out);
void format(const item_info& x, std::string& out);
void format(const transaction_result& x, std::string& out);
void format(const query_result& x, std::string& out);
void format(const transaction_summary& x, std::string& out);
/// `source\treason\trecord`: a dead letter as the file and Kafka sinks
/// write it.
void format(const dead_letter& x, std::string& out);

/// The longest item id, in bytes: ids are keys held in memory and in every
/// checkpoint, and no inventory needs longer ones.
inline constexpr size_t max_item_id_bytes = 256;

/// Whether `id` can be an item id: non-empty, at most max_item_id_bytes,
/// valid UTF-8 and free of control characters, so that every record has a
/// tab-delimited line and a JSON form. Both codecs reject records whose
/// item id is not valid.
[[nodiscard]] bool is_valid_item_id(std::string_view id) noexcept;

/// Why `id` is no item id ("must not be empty", ...), or nothing if it is
/// one: the reason the codecs and the HTTP routes give.
[[nodiscard]] std::optional<std::string> item_id_problem(std::string_view id);

} // namespace eddy
