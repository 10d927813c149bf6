// The JSON codec: every record survives a round trip with the HTTP API's
// camelCase keys, and bad JSON is rejected with a message naming the field.
#include "messages/json_codec.hpp"

#include <doctest/doctest.h>

#include <string>

#include "messages/error.hpp"

using namespace eddy;
using nlohmann::json;

namespace {

template <class T>
std::string error_text(const caf::expected<T>& x) {
  REQUIRE_FALSE(x);
  return describe(x.error());
}

} // namespace

TEST_CASE("a transaction is written with the HTTP API's camelCase keys") {
  CHECK(to_json(item_transaction{1, 2, "item_1", -3}) ==
        json::parse(R"({"transactionId":1,"ts":2,"itemId":"item_1",
                           "quantity":-3})"));
}

TEST_CASE("a transaction survives a round trip through JSON text") {
  item_transaction tx{9'000'000'000'000'000'000, -5, "caf\xc3\xa9", -7};
  CHECK(transaction_from_json_text(to_json(tx).dump()) == tx);
}

TEST_CASE("a query survives a round trip through a parsed JSON value") {
  query q{123, "item_2"};
  CHECK(to_json(q) == json::parse(R"({"queryId":123,"itemId":"item_2"})"));
  CHECK(query_from_json(to_json(q)) == q);
}

TEST_CASE("an item info survives a round trip through JSON") {
  item_info info{"item_7", -9'000'000'000};
  CHECK(to_json(info) == json::parse(R"({"itemId":"item_7",
                                         "quantity":-9000000000})"));
  CHECK(item_info_from_json_text(to_json(info).dump()) == info);
}

TEST_CASE("a transaction result is flat JSON and survives a round trip") {
  transaction_result result{{1, 2, "item_1", 5}, true};
  CHECK(to_json(result) ==
        json::parse(R"({"transactionId":1,"ts":2,"itemId":"item_1",
                           "quantity":5,"success":true})"));
  CHECK(transaction_result_from_json_text(to_json(result).dump()) == result);
}

TEST_CASE("a query result nests the item info and survives a round trip") {
  query_result result{77, {"item_2", 10665}};
  CHECK(to_json(result) == json::parse(R"({"queryId":77,
                           "itemInfo":{"itemId":"item_2","quantity":10665}})"));
  CHECK(query_result_from_json_text(to_json(result).dump()) == result);
}

TEST_CASE("a transaction summary survives a round trip through JSON") {
  transaction_summary summary{"item_3", 60000, 120000, 7, 3, 1234};
  CHECK(to_json(summary) ==
        json::parse(R"({"itemId":"item_3","windowStart":60000,
                           "windowEnd":120000,"numSuccessfulTransactions":7,
                           "numFailedTransactions":3,"totalVolume":1234})"));
  CHECK(transaction_summary_from_json_text(to_json(summary).dump()) == summary);
}

TEST_CASE("format_json appends compact JSON to the buffer") {
  std::string out = "> ";
  format_json(item_info{"a", 1}, out);
  CHECK(out == R"(> {"itemId":"a","quantity":1})");
}

TEST_CASE("format_json replaces invalid UTF-8 instead of throwing") {
  std::string out;
  format_json(query{1, "\xff"}, out);
  CHECK(out == "{\"itemId\":\"\xef\xbf\xbd\",\"queryId\":1}");
}

TEST_CASE("members the record does not know are ignored") {
  CHECK(query_from_json_text(R"({"queryId":1,"itemId":"a","extra":[1]})") ==
        query{1, "a"});
}

TEST_CASE("invalid JSON text reports nlohmann's byte position") {
  CHECK(error_text(transaction_from_json_text(R"({"ts": 1,, })")) ==
        "malformed_record: invalid JSON at line 1, column 10 (byte 10): "
        "syntax error while parsing object key - unexpected ','; expected "
        "string literal");
}

TEST_CASE("empty JSON text is rejected as invalid JSON") {
  CHECK(error_text(query_from_json_text(""))
            .rfind(
                "malformed_record: invalid JSON at line 1, column 1 (byte 1): ",
                0) == 0);
}

TEST_CASE("a number too large for a double is rejected without throwing") {
  CHECK(error_text(query_from_json_text(R"({"queryId":1e400})"))
            .rfind("malformed_record: invalid JSON", 0) == 0);
}

TEST_CASE("a JSON document that is not an object is rejected") {
  CHECK(error_text(transaction_from_json_text("[1,2]")) ==
        "malformed_record: expected a JSON object, got an array");
}

TEST_CASE("a missing field is named") {
  CHECK(error_text(transaction_from_json_text(
            R"({"transactionId":1,"ts":2,"quantity":3})")) ==
        "malformed_record: missing field 'itemId'");
}

TEST_CASE("a missing nested field is named with its path") {
  CHECK(error_text(query_result_from_json_text(
            R"({"queryId":1,"itemInfo":{"itemId":"a"}})")) ==
        "malformed_record: missing field 'itemInfo.quantity'");
}

TEST_CASE("a nested member that is not an object is named") {
  CHECK(error_text(
            query_result_from_json_text(R"({"queryId":1,"itemInfo":3})")) ==
        "malformed_record: field 'itemInfo': expected an object, got an "
        "integer");
}

TEST_CASE("a string where an integer belongs names field and type") {
  CHECK(error_text(transaction_from_json_text(
            R"({"transactionId":1,"ts":2,"itemId":"a","quantity":"3"})")) ==
        "malformed_record: field 'quantity': expected a 32-bit integer, "
        "got a string");
}

TEST_CASE("a fractional number where an integer belongs is rejected") {
  CHECK(error_text(
            item_info_from_json_text(R"({"itemId":"a","quantity":1.5})")) ==
        "malformed_record: field 'quantity': expected a 64-bit integer, "
        "got a floating-point number");
}

TEST_CASE("an integer beyond the field's range is rejected as out of range") {
  CHECK(
      error_text(transaction_from_json_text(
          R"({"transactionId":1,"ts":2,"itemId":"a","quantity":-2147483649})")) ==
      "malformed_record: field 'quantity': expected a 32-bit integer, "
      "got -2147483649 (out of range)");
}

TEST_CASE("an id beyond the signed 64-bit range is rejected as out of range") {
  CHECK(error_text(query_from_json_text(
            R"({"queryId":18446744073709551615,"itemId":"a"})")) ==
        "malformed_record: field 'queryId': expected a 64-bit integer, got "
        "18446744073709551615 (out of range)");
}

TEST_CASE("an item id that is not a string names field and type") {
  CHECK(error_text(query_from_json_text(R"({"queryId":1,"itemId":null})")) ==
        "malformed_record: field 'itemId': expected a string, got null");
}

TEST_CASE("an empty item id is rejected") {
  CHECK(error_text(item_info_from_json_text(R"({"itemId":"","quantity":1})")) ==
        "malformed_record: field 'itemId': must not be empty");
}

TEST_CASE("an item id over 256 bytes is rejected with its length") {
  auto json_of = [](size_t n) {
    return R"({"itemId":")" + std::string(n, 'x') + R"(","quantity":1})";
  };
  CHECK(item_info_from_json_text(json_of(256)));
  CHECK(error_text(item_info_from_json_text(json_of(60000))) ==
        "malformed_record: field 'itemId': must be at most 256 bytes, got "
        "60000");
}

TEST_CASE("an item id with a control character is rejected") {
  CHECK(error_text(
            item_info_from_json_text(R"({"itemId":"a\tb","quantity":1})")) ==
        "malformed_record: field 'itemId': expected UTF-8 text without "
        "control characters, got \"a\\tb\"");
}

TEST_CASE("a success flag that is not a boolean names field and type") {
  CHECK(error_text(transaction_result_from_json_text(
            R"({"transactionId":1,"ts":2,"itemId":"a","quantity":3,
              "success":"true"})")) ==
        "malformed_record: field 'success': expected a boolean, got a "
        "string");
}

TEST_CASE("a missing summary count is named by its JSON key") {
  CHECK(error_text(transaction_summary_from_json_text(
            R"({"itemId":"i","windowStart":0,"windowEnd":1,
              "numSuccessfulTransactions":1,"totalVolume":1})")) ==
        "malformed_record: missing field 'numFailedTransactions'");
}
