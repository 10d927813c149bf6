// Reads and writes the JSON form of the inventory records; nlohmann's
// exceptions stop here and come out as ec::malformed_record errors.
#include "messages/json_codec.hpp"

#include <cstdint>
#include <utility>

#include "messages/error.hpp"
#include "messages/tab_codec.hpp"

namespace eddy {

namespace {

using nlohmann::json;

caf::error malformed(std::string text) {
  return make_error(ec::malformed_record, std::move(text));
}

/// Names the JSON type of `value` for "expected X, got <this>".
std::string describe_type(const json& value) {
  switch (value.type()) {
  case json::value_t::null:
    return "null";
  case json::value_t::boolean:
    return "a boolean";
  case json::value_t::number_integer:
  case json::value_t::number_unsigned:
    return "an integer";
  case json::value_t::number_float:
    return "a floating-point number";
  case json::value_t::string:
    return "a string";
  case json::value_t::array:
    return "an array";
  case json::value_t::object:
    return "an object";
  case json::value_t::binary:
    return "binary data";
  case json::value_t::discarded:
    break;
  }
  return "nothing";
}

/// Drops nlohmann's "[json.exception.parse_error.101] " prefix.
std::string_view without_exception_id(std::string_view what) {
  if (auto pos = what.find("] ");
      !what.empty() && what.front() == '[' && pos != std::string_view::npos)
    what.remove_prefix(pos + 2);
  return what;
}

/// Turns "[json.exception.parse_error.101] parse error at line 1, column 9:
/// syntax error ..." into "invalid JSON at line 1, column 9 (byte 9): syntax
/// error ...". nlohmann counts bytes from 1, like columns.
std::string describe_parse_error(const json::parse_error& e) {
  auto what = without_exception_id(e.what());
  auto byte = " (byte " + std::to_string(e.byte) + ")";
  constexpr std::string_view prefix = "parse error ";
  auto colon = what.find(": ");
  if (what.starts_with(prefix) && colon != std::string_view::npos)
    return "invalid JSON " +
           std::string{what.substr(prefix.size(), colon - prefix.size())} +
           byte + std::string{what.substr(colon)};
  return "invalid JSON" + byte + ": " + std::string{what};
}

caf::expected<json> parse_text(std::string_view text) {
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    return malformed(describe_parse_error(e));
  } catch (const json::exception& e) {
    // E.g. out_of_range 406 for a number like 1e400.
    return malformed("invalid JSON: " +
                     std::string{without_exception_id(e.what())});
  }
}

/// A JSON object being read, and its path for error messages ("" for the
/// document itself, "itemInfo." for a nested object).
struct object_view {
  const json& object;
  std::string_view prefix;

  std::string path(std::string_view key) const {
    std::string result{prefix};
    result += key;
    return result;
  }

  caf::error wrong(std::string_view key, std::string_view problem) const {
    return malformed("field '" + path(key) + "': " + std::string{problem});
  }

  /// Finds member `key` or fails naming it.
  caf::error member(const char* key, const json*& out) const {
    auto i = object.find(key);
    if (i == object.end())
      return malformed("missing field '" + path(key) + "'");
    out = &*i;
    return {};
  }

  template <class T>
  caf::error read_int(const char* key, T& out) const {
    const json* value = nullptr;
    if (auto err = member(key, value))
      return err;
    auto expected =
        "expected a " + std::to_string(sizeof(T) * 8) + "-bit integer, got ";
    // nlohmann keeps non-negative integers as uint64 and negative ones as
    // int64; both must fit T.
    if (value->is_number_unsigned()) {
      auto number = value->get<uint64_t>();
      if (std::in_range<T>(number)) {
        out = static_cast<T>(number);
        return {};
      }
    } else if (value->is_number_integer()) {
      auto number = value->get<int64_t>();
      if (std::in_range<T>(number)) {
        out = static_cast<T>(number);
        return {};
      }
    } else {
      return wrong(key, expected + describe_type(*value));
    }
    return wrong(key, expected + value->dump() + " (out of range)");
  }

  caf::error read_bool(const char* key, bool& out) const {
    const json* value = nullptr;
    if (auto err = member(key, value))
      return err;
    if (!value->is_boolean())
      return wrong(key, "expected a boolean, got " + describe_type(*value));
    out = value->get<bool>();
    return {};
  }

  caf::error read_item_id(const char* key, std::string& out) const {
    const json* value = nullptr;
    if (auto err = member(key, value))
      return err;
    if (!value->is_string())
      return wrong(key, "expected a string, got " + describe_type(*value));
    const auto& text = value->get_ref<const std::string&>();
    if (auto problem = item_id_problem(text))
      return wrong(key, *problem);
    out = text;
    return {};
  }
};

caf::error require_object(const json& value) {
  if (value.is_object())
    return {};
  return malformed("expected a JSON object, got " + describe_type(value));
}

caf::error read_transaction(const object_view& in, item_transaction& x) {
  caf::error err;
  if ((err = in.read_int("transactionId", x.transaction_id)) ||
      (err = in.read_int("ts", x.ts)) ||
      (err = in.read_item_id("itemId", x.item_id)) ||
      (err = in.read_int("quantity", x.quantity)))
    return err;
  return {};
}

caf::error read_item_info(const object_view& in, item_info& x) {
  caf::error err;
  if ((err = in.read_item_id("itemId", x.item_id)) ||
      (err = in.read_int("quantity", x.quantity)))
    return err;
  return {};
}

/// Parses `text` and reads it with `read`, one of the *_from_json functions.
template <class Reader>
auto from_text(std::string_view text, Reader read) -> decltype(read(json{})) {
  auto document = parse_text(text);
  if (!document)
    return std::move(document.error());
  return read(*document);
}

template <class T>
void append_dump(const T& x, std::string& out) {
  out += to_json(x).dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace

caf::expected<item_transaction> transaction_from_json(const json& value) {
  if (auto err = require_object(value))
    return err;
  item_transaction x;
  if (auto err = read_transaction({value, ""}, x))
    return err;
  return x;
}

caf::expected<item_transaction>
transaction_from_json_text(std::string_view text) {
  return from_text(text,
                   [](const json& v) { return transaction_from_json(v); });
}

caf::expected<query> query_from_json(const json& value) {
  if (auto err = require_object(value))
    return err;
  object_view in{value, ""};
  query x;
  caf::error err;
  if ((err = in.read_int("queryId", x.query_id)) ||
      (err = in.read_item_id("itemId", x.item_id)))
    return err;
  return x;
}

caf::expected<query> query_from_json_text(std::string_view text) {
  return from_text(text, [](const json& v) { return query_from_json(v); });
}

caf::expected<item_info> item_info_from_json(const json& value) {
  if (auto err = require_object(value))
    return err;
  item_info x;
  if (auto err = read_item_info({value, ""}, x))
    return err;
  return x;
}

caf::expected<item_info> item_info_from_json_text(std::string_view text) {
  return from_text(text, [](const json& v) { return item_info_from_json(v); });
}

caf::expected<transaction_result>
transaction_result_from_json(const json& value) {
  if (auto err = require_object(value))
    return err;
  object_view in{value, ""};
  transaction_result x;
  caf::error err;
  if ((err = read_transaction(in, x.transaction)) ||
      (err = in.read_bool("success", x.success)))
    return err;
  return x;
}

caf::expected<transaction_result>
transaction_result_from_json_text(std::string_view text) {
  return from_text(
      text, [](const json& v) { return transaction_result_from_json(v); });
}

caf::expected<query_result> query_result_from_json(const json& value) {
  if (auto err = require_object(value))
    return err;
  object_view in{value, ""};
  query_result x;
  const json* info = nullptr;
  caf::error err;
  if ((err = in.read_int("queryId", x.query_id)) ||
      (err = in.member("itemInfo", info)))
    return err;
  if (!info->is_object())
    return in.wrong("itemInfo",
                    "expected an object, got " + describe_type(*info));
  if (auto err = read_item_info({*info, "itemInfo."}, x.item))
    return err;
  return x;
}

caf::expected<query_result> query_result_from_json_text(std::string_view text) {
  return from_text(text,
                   [](const json& v) { return query_result_from_json(v); });
}

caf::expected<transaction_summary>
transaction_summary_from_json(const json& value) {
  if (auto err = require_object(value))
    return err;
  object_view in{value, ""};
  transaction_summary x;
  caf::error err;
  if ((err = in.read_item_id("itemId", x.item_id)) ||
      (err = in.read_int("windowStart", x.window_start)) ||
      (err = in.read_int("windowEnd", x.window_end)) ||
      (err = in.read_int("numSuccessfulTransactions", x.succeeded)) ||
      (err = in.read_int("numFailedTransactions", x.failed)) ||
      (err = in.read_int("totalVolume", x.volume)))
    return err;
  return x;
}

caf::expected<transaction_summary>
transaction_summary_from_json_text(std::string_view text) {
  return from_text(
      text, [](const json& v) { return transaction_summary_from_json(v); });
}

json to_json(const item_transaction& x) {
  return json{{"transactionId", x.transaction_id},
              {"ts", x.ts},
              {"itemId", x.item_id},
              {"quantity", x.quantity}};
}

json to_json(const query& x) {
  return json{{"queryId", x.query_id}, {"itemId", x.item_id}};
}

json to_json(const item_info& x) {
  return json{{"itemId", x.item_id}, {"quantity", x.quantity}};
}

json to_json(const transaction_result& x) {
  auto result = to_json(x.transaction);
  result["success"] = x.success;
  if (x.is_repeat)
    result["repeat"] = true;
  return result;
}

json to_json(const query_result& x) {
  return json{{"queryId", x.query_id}, {"itemInfo", to_json(x.item)}};
}

json to_json(const transaction_summary& x) {
  return json{{"itemId", x.item_id},
              {"windowStart", x.window_start},
              {"windowEnd", x.window_end},
              {"numSuccessfulTransactions", x.succeeded},
              {"numFailedTransactions", x.failed},
              {"totalVolume", x.volume}};
}

void format_json(const item_transaction& x, std::string& out) {
  append_dump(x, out);
}

void format_json(const query& x, std::string& out) {
  append_dump(x, out);
}

void format_json(const item_info& x, std::string& out) {
  append_dump(x, out);
}

void format_json(const transaction_result& x, std::string& out) {
  append_dump(x, out);
}

void format_json(const query_result& x, std::string& out) {
  append_dump(x, out);
}

void format_json(const transaction_summary& x, std::string& out) {
  append_dump(x, out);
}

} // namespace eddy
