// The inventory records' parsers by type, and the round trips every record a
// parser accepted must survive: tab-delimited, JSON text and JSON value.
// Shared by the tab and JSON codec fuzz targets.
#pragma once

#include <string>
#include <string_view>
#include <tuple>

#include "messages/inventory_records.hpp"
#include "messages/json_codec.hpp"
#include "messages/tab_codec.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace eddy::fuzz {

/// A record type and its parsers: tab-delimited, JSON text, JSON value.
template <class T, auto Tab, auto JsonText, auto Json>
struct record_codec {
  using record = T;
  static constexpr auto tab = Tab;
  static constexpr auto json_text = JsonText;
  static constexpr auto json = Json;
};

using record_codecs = std::tuple<
    record_codec<item_transaction, parse_transaction,
                 transaction_from_json_text, transaction_from_json>,
    record_codec<query, parse_query, query_from_json_text, query_from_json>,
    record_codec<item_info, parse_item_info, item_info_from_json_text,
                 item_info_from_json>,
    record_codec<transaction_result, parse_transaction_result,
                 transaction_result_from_json_text,
                 transaction_result_from_json>,
    record_codec<query_result, parse_query_result, query_result_from_json_text,
                 query_result_from_json>,
    record_codec<transaction_summary, parse_transaction_summary,
                 transaction_summary_from_json_text,
                 transaction_summary_from_json>>;

inline const std::string& item_id_of(const item_transaction& x) {
  return x.item_id;
}
inline const std::string& item_id_of(const query& x) {
  return x.item_id;
}
inline const std::string& item_id_of(const item_info& x) {
  return x.item_id;
}
inline const std::string& item_id_of(const transaction_result& x) {
  return x.transaction.item_id;
}
inline const std::string& item_id_of(const query_result& x) {
  return x.item.item_id;
}
inline const std::string& item_id_of(const transaction_summary& x) {
  return x.item_id;
}

/// Checks that `x`, which a parser accepted, has a valid item id and reads
/// back unchanged from each of its forms.
template <class Codec>
void check_round_trips(const typename Codec::record& x) {
  using codec = Codec;
  check(is_valid_item_id(item_id_of(x)), "a parsed record has a valid item id");
  std::string line;
  format(x, line);
  auto from_line = codec::tab(line);
  check(from_line && *from_line == x,
        "the tab-delimited line of a record parses back to it");
  std::string text;
  format_json(x, text);
  auto from_text = codec::json_text(text);
  check(from_text && *from_text == x,
        "the JSON text of a record parses back to it");
  // Throws on invalid UTF-8, which a valid item id rules out.
  auto value = to_json(x);
  check(value.dump() == text, "to_json and format_json agree");
  auto from_value = codec::json(value);
  check(from_value && *from_value == x,
        "the JSON value of a record reads back to it");
}

/// Parses `input` with `parse(codec, input)` as every record type in turn
/// and checks the round trips of each record accepted.
template <class Parse>
void parse_every_record(std::string_view input, Parse parse) {
  std::apply(
      [&](auto... codecs) {
        auto one = [&]<class Codec>(Codec codec) {
          if (auto x = parse(codec, input))
            check_round_trips<Codec>(*x);
        };
        (one(codecs), ...);
      },
      record_codecs{});
}

} // namespace eddy::fuzz
