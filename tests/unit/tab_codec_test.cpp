// The tab-delimited codec: every record survives a round trip, and every
// malformed line is rejected with a message that points at the culprit.
#include "messages/tab_codec.hpp"

#include <doctest/doctest.h>

#include <string>

#include "messages/error.hpp"

using namespace eddy;

namespace {

template <class T>
std::string error_text(const caf::expected<T>& x) {
  REQUIRE_FALSE(x);
  return describe(x.error());
}

template <class T>
std::string line_of(const T& x) {
  std::string out;
  format(x, out);
  return out;
}

} // namespace

TEST_CASE("a transaction is written as the seed's tab-delimited line") {
  CHECK(line_of(item_transaction{1, 2, "item_1", -100}) ==
        "1\t2\titem_1\t-100");
}

TEST_CASE("a transaction survives a round trip through its line") {
  item_transaction tx{9'000'000'000'000'000'000, -5, "item 42", -2147483648};
  CHECK(parse_transaction(line_of(tx)) == tx);
}

TEST_CASE("a query survives a round trip through its line") {
  query q{123, "item with spaces"};
  CHECK(parse_query(line_of(q)) == q);
}

TEST_CASE("an item info survives a round trip through its line") {
  item_info info{"item_7", -9'000'000'000};
  CHECK(parse_item_info(line_of(info)) == info);
}

TEST_CASE("a transaction result survives a round trip through its line") {
  transaction_result ok{{1, 2, "item_1", 5}, true};
  transaction_result rejected{{3, 4, "item_2", -5}, false};
  CHECK(line_of(rejected) == "3\t4\titem_2\t-5\tfalse");
  CHECK(parse_transaction_result(line_of(ok)) == ok);
  CHECK(parse_transaction_result(line_of(rejected)) == rejected);
}

TEST_CASE("a query result survives a round trip through its line") {
  query_result result{77, {"item_2", 10665}};
  CHECK(line_of(result) == "77\titem_2\t10665");
  CHECK(parse_query_result(line_of(result)) == result);
}

TEST_CASE("a transaction summary survives a round trip through its line") {
  transaction_summary summary{"item_3", 60000, 120000, 7, 3, 1234};
  CHECK(line_of(summary) == "item_3\t60000\t120000\t7\t3\t1234");
  CHECK(parse_transaction_summary(line_of(summary)) == summary);
}

TEST_CASE("the format functions append to what the buffer already holds") {
  std::string out = "prefix|";
  format(item_info{"a", 1}, out);
  CHECK(out == "prefix|a\t1");
}

TEST_CASE("a query typed into the socket with a single space is accepted") {
  CHECK(parse_query("123 item_2") == query{123, "item_2"});
}

TEST_CASE("a trailing carriage return is stripped before parsing") {
  CHECK(parse_transaction("1\t2\titem_1\t100\r") ==
        item_transaction{1, 2, "item_1", 100});
  CHECK(parse_query("123 item_2\r\n") == query{123, "item_2"});
}

TEST_CASE("a non-numeric quantity names the field, its position and value") {
  CHECK(error_text(parse_transaction("17\t1000\titem_1\tabc")) ==
        "malformed_record: field 'quantity' (4th field, byte 16): "
        "expected a 32-bit integer, got \"abc\"");
}

TEST_CASE("a malformed line yields the malformed_record error code") {
  auto result = parse_transaction("garbage");
  REQUIRE_FALSE(result);
  CHECK(result.error().category() == caf::atom("eddy"));
  CHECK(result.error().code() == static_cast<uint8_t>(ec::malformed_record));
}

TEST_CASE("a line with a missing field says how many fields it has") {
  CHECK(error_text(parse_transaction("1\t2\titem_1")) ==
        "malformed_record: expected 4 tab-separated fields, got 3");
}

TEST_CASE("a line with an extra field says how many fields it has") {
  CHECK(error_text(parse_transaction("1\t2\titem_1\t5\t6")) ==
        "malformed_record: expected 4 tab-separated fields, got 5");
}

TEST_CASE("an empty line is rejected as such") {
  CHECK(error_text(parse_item_info("")) ==
        "malformed_record: expected 2 tab-separated fields, got an empty "
        "line");
}

TEST_CASE("a query with a third word is rejected as an extra field") {
  CHECK(error_text(parse_query("123 item 2")) ==
        "malformed_record: expected 2 fields separated by a tab or a "
        "space, got 3");
}

TEST_CASE("an empty item id is rejected naming the field") {
  CHECK(error_text(parse_transaction("1\t2\t\t5")) ==
        "malformed_record: field 'itemId' (3rd field, byte 5): must not "
        "be empty");
}

TEST_CASE("an item id over 256 bytes is rejected with its length") {
  CHECK(parse_transaction("1\t2\t" + std::string(256, 'x') + "\t5"));
  CHECK(
      error_text(parse_transaction("1\t2\t" + std::string(257, 'x') + "\t5")) ==
      "malformed_record: field 'itemId' (3rd field, byte 5): must be at "
      "most 256 bytes, got 257");
  CHECK_FALSE(is_valid_item_id(std::string(257, 'x')));
}

TEST_CASE("an item id with a control character is rejected and escaped") {
  CHECK(error_text(parse_item_info("a\x01"
                                   "b\t1")) ==
        "malformed_record: field 'itemId' (1st field, byte 1): expected "
        "UTF-8 text without control characters, got \"a\\x01b\"");
}

TEST_CASE("an item id that is not valid UTF-8 is rejected") {
  auto result = parse_item_info("\xc3\x28\t1");
  CHECK(error_text(result).find("field 'itemId' (1st field, byte 1)") !=
        std::string::npos);
}

TEST_CASE("a quantity beyond 32 bits is rejected as out of range") {
  CHECK(error_text(parse_transaction("1\t2\tx\t2147483648")) ==
        "malformed_record: field 'quantity' (4th field, byte 7): expected "
        "a 32-bit integer, got \"2147483648\" (out of range)");
}

TEST_CASE("a transaction id beyond 64 bits is rejected as out of range") {
  CHECK(error_text(parse_transaction("99999999999999999999\t2\tx\t1")) ==
        "malformed_record: field 'transactionId' (1st field, byte 1): "
        "expected a 64-bit integer, got \"99999999999999999999\" (out of "
        "range)");
}

TEST_CASE("trailing garbage after a number is rejected") {
  CHECK(error_text(parse_query_result("5\titem\t12x")) ==
        "malformed_record: field 'quantity' (3rd field, byte 8): expected "
        "a 64-bit integer, got \"12x\"");
}

TEST_CASE("a number with a leading plus or space is rejected") {
  CHECK_FALSE(parse_item_info("a\t+1"));
  CHECK_FALSE(parse_item_info("a\t 1"));
}

TEST_CASE("an empty number is rejected naming the field") {
  CHECK(error_text(parse_transaction("1\t\tx\t1")) ==
        "malformed_record: field 'ts' (2nd field, byte 3): expected a "
        "64-bit integer, got \"\"");
}

TEST_CASE("a success flag other than true or false is rejected") {
  CHECK(error_text(parse_transaction_result("1\t2\tx\t3\tyes")) ==
        "malformed_record: field 'success' (5th field, byte 9): expected "
        "true or false, got \"yes\"");
}

TEST_CASE("a summary with a bad count names the 6th field") {
  CHECK(error_text(parse_transaction_summary("i\t0\t1\t2\t3\tmany")) ==
        "malformed_record: field 'volume' (6th field, byte 11): expected "
        "a 64-bit integer, got \"many\"");
}

TEST_CASE("a very long bad value is cut short in the message") {
  auto text =
      error_text(parse_item_info("a\t" + std::string(10000, '9') + "x"));
  CHECK(text.size() < 200);
  CHECK(text.find("...\"") != std::string::npos);
}

TEST_CASE("item ids must be non-empty UTF-8 without control characters") {
  CHECK(is_valid_item_id("item_1"));
  CHECK(is_valid_item_id("caf\xc3\xa9 \xf0\x9f\x8d\xb0"));
  CHECK_FALSE(is_valid_item_id(""));
  CHECK_FALSE(is_valid_item_id("a\tb"));
  CHECK_FALSE(is_valid_item_id("\xc0\xaf"));         // overlong '/'
  CHECK_FALSE(is_valid_item_id("\xed\xa0\x80"));     // surrogate
  CHECK_FALSE(is_valid_item_id("\xf4\x90\x80\x80")); // above U+10FFFF
  CHECK_FALSE(is_valid_item_id("\xe2\x82"));         // cut short
}
