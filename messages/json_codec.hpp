// The JSON form of the inventory records (camelCase keys, as the HTTP API and
// JSON sinks use them), on top of nlohmann/json.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "caf/expected.hpp"

#include "messages/inventory_records.hpp"

namespace eddy {

// Every *_from_json function reads an already parsed value and every
// *_from_json_text function parses `text` first. Members the record does not
// know are ignored. On failure they return `ec::malformed_record` whose text
// says what is wrong and where:
//   invalid JSON at line 1, column 7 (byte 7): <nlohmann's description>
//   expected a JSON object, got an array
//   missing field 'itemInfo.itemId'
//   field 'quantity': expected a 32-bit integer, got a string
//   field 'quantity': expected a 32-bit integer, got 3000000000 (out of range)
//   field 'itemId': must not be empty
// They never throw (except std::bad_alloc).

/// Reads {"transactionId","ts","itemId","quantity"}.
[[nodiscard]] caf::expected<item_transaction>
transaction_from_json(const nlohmann::json& value);
[[nodiscard]] caf::expected<item_transaction>
transaction_from_json_text(std::string_view text);

/// Reads {"queryId","itemId"}.
[[nodiscard]] caf::expected<query> query_from_json(const nlohmann::json& value);
[[nodiscard]] caf::expected<query> query_from_json_text(std::string_view text);

/// Reads {"itemId","quantity"}.
[[nodiscard]] caf::expected<item_info>
item_info_from_json(const nlohmann::json& value);
[[nodiscard]] caf::expected<item_info>
item_info_from_json_text(std::string_view text);

/// Reads the flat {"transactionId","ts","itemId","quantity","success"}.
[[nodiscard]] caf::expected<transaction_result>
transaction_result_from_json(const nlohmann::json& value);
[[nodiscard]] caf::expected<transaction_result>
transaction_result_from_json_text(std::string_view text);

/// Reads {"queryId","itemInfo":{"itemId","quantity"}}.
[[nodiscard]] caf::expected<query_result>
query_result_from_json(const nlohmann::json& value);
[[nodiscard]] caf::expected<query_result>
query_result_from_json_text(std::string_view text);

/// Reads {"itemId","windowStart","windowEnd","numSuccessfulTransactions",
/// "numFailedTransactions","totalVolume"}.
[[nodiscard]] caf::expected<transaction_summary>
transaction_summary_from_json(const nlohmann::json& value);
[[nodiscard]] caf::expected<transaction_summary>
transaction_summary_from_json_text(std::string_view text);

// Every to_json overload builds the JSON object the matching *_from_json
// reads. The item id must be valid UTF-8 (every parser in messages/ ensures
// it); nlohmann's dump() throws on invalid UTF-8, format_json does not.

nlohmann::json to_json(const item_transaction& x);
nlohmann::json to_json(const query& x);
nlohmann::json to_json(const item_info& x);
nlohmann::json to_json(const transaction_result& x);
nlohmann::json to_json(const query_result& x);
nlohmann::json to_json(const transaction_summary& x);

// Every format_json overload appends the compact JSON text of the record to
// `out`, without a newline (for JSON-lines sinks). Invalid UTF-8 in an item
// id is replaced by U+FFFD instead of throwing.

void format_json(const item_transaction& x, std::string& out);
void format_json(const query& x, std::string& out);
void format_json(const item_info& x, std::string& out);
void format_json(const transaction_result& x, std::string& out);
void format_json(const query_result& x, std::string& out);
void format_json(const transaction_summary& x, std::string& out);

} // namespace eddy
