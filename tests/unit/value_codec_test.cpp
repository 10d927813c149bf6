// The state value codec: every supported value survives a round trip
// through its bytes, and bytes that are not a value are rejected with a
// storage_failure that names what is wrong, without reading past them.
#include "runtime/value_codec.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "messages/error.hpp"

using namespace eddy;
using namespace std::string_literals;

namespace {

template <class T>
std::string bytes_of(const T& x) {
  std::string out;
  encode_value(x, out);
  return out;
}

// `x` after encoding and decoding it.
template <class T>
T round_trip(const T& x) {
  auto back = decode_value<T>(bytes_of(x));
  REQUIRE_MESSAGE(back, describe(back.error()));
  return std::move(*back);
}

template <class T>
bool is_storage_failure(const caf::expected<T>& x) {
  return !x && x.error().category() == caf::atom("eddy") &&
         x.error().code() == static_cast<uint8_t>(ec::storage_failure);
}

template <class T>
std::string error_text(const caf::expected<T>& x) {
  REQUIRE_FALSE(x);
  return describe(x.error());
}

using nested = std::vector<
    std::tuple<std::string, std::optional<double>, std::vector<int16_t>>>;

nested sample_nested() {
  return {{"cmts-1", 2.5, {1, -2, 3}},
          {"", std::nullopt, {}},
          {std::string(300, 'x'), -0.0, {std::numeric_limits<int16_t>::min()}}};
}

} // namespace

TEST_CASE_TEMPLATE("an integer survives a round trip at its extremes", T,
                   int8_t, uint8_t, int16_t, uint16_t, int32_t, uint32_t,
                   int64_t, uint64_t, char, signed char, unsigned char, long,
                   unsigned long long, char16_t, char32_t, wchar_t) {
  for (T x : {std::numeric_limits<T>::min(), T{0}, T{1},
              std::numeric_limits<T>::max()})
    CHECK(round_trip(x) == x);
}

TEST_CASE("an integer is written as a varint, signed ones zigzagged") {
  CHECK(bytes_of(int64_t{0}) == "\x00"s);
  CHECK(bytes_of(int64_t{-1}) == "\x01"s);
  CHECK(bytes_of(int64_t{1}) == "\x02"s);
  CHECK(bytes_of(int32_t{-64}) == "\x7F"s);
  CHECK(bytes_of(int32_t{64}) == "\x80\x01"s);
  CHECK(bytes_of(uint16_t{300}) == "\xAC\x02"s);
  CHECK(bytes_of(std::numeric_limits<uint64_t>::max()).size() == 10);
  CHECK(bytes_of(std::numeric_limits<int64_t>::min()).size() == 10);
}

TEST_CASE("a byte-wide integer is written as itself") {
  CHECK(bytes_of(uint8_t{0xAB}) == "\xAB"s);
  CHECK(bytes_of(int8_t{-2}) == "\xFE"s);
}

TEST_CASE("a small count costs one byte, a stock in the thousands two") {
  CHECK(bytes_of(int64_t{63}).size() == 1);
  CHECK(bytes_of(int64_t{8191}).size() == 2);
}

TEST_CASE("a varint too large for its type is rejected naming the type") {
  auto x = decode_value<int16_t>(bytes_of(int64_t{1} << 20));
  CHECK(is_storage_failure(x));
  CHECK(error_text(x).find("an int16 is out of its range") !=
        std::string::npos);
}

TEST_CASE("a bool survives a round trip as one byte") {
  CHECK(bytes_of(true) == "\x01"s);
  CHECK(round_trip(true) == true);
  CHECK(round_trip(false) == false);
}

TEST_CASE("a bool byte other than 0 or 1 is rejected") {
  auto x = decode_value<bool>("\x02"s);
  CHECK(is_storage_failure(x));
  CHECK(error_text(x).find("neither 0 nor 1") != std::string::npos);
}

TEST_CASE("floating point survives a round trip bit for bit") {
  for (double x : {0.0, -0.0, 1.5, -1e300, std::numeric_limits<double>::min(),
                   std::numeric_limits<double>::infinity()}) {
    auto back = round_trip(x);
    CHECK(std::signbit(back) == std::signbit(x));
    CHECK(back == x);
  }
  CHECK(std::isnan(round_trip(std::numeric_limits<double>::quiet_NaN())));
  CHECK(round_trip(3.25f) == 3.25f);
  CHECK(bytes_of(1.0f).size() == 4);
  CHECK(bytes_of(1.0).size() == 8);
}

TEST_CASE("a string survives a round trip, whatever its bytes") {
  for (auto x : {""s, "cmts-7.example.net"s, "a\0b\xFF"s, std::string(200, 'y'),
                 std::string(70000, 'z')})
    CHECK(round_trip(x) == x);
}

TEST_CASE("a short string costs one byte of length") {
  CHECK(bytes_of("host"s) == "\x04host"s);
  CHECK(bytes_of(std::string(128, 'a')).size() == 2 + 128);
}

TEST_CASE("an optional survives a round trip empty and full") {
  CHECK(round_trip(std::optional<int32_t>{}) == std::optional<int32_t>{});
  CHECK(round_trip(std::optional<int32_t>{-7}) == std::optional<int32_t>{-7});
  CHECK(round_trip(std::optional<std::string>{"x"}) ==
        std::optional<std::string>{"x"});
}

TEST_CASE("a pair and a tuple survive a round trip") {
  std::pair<std::string, uint64_t> pair{"octets", 1ULL << 63};
  std::tuple<bool, int8_t, float, std::string> tuple{true, -1, 0.5f, "z"};
  CHECK(round_trip(pair) == pair);
  CHECK(round_trip(tuple) == tuple);
  CHECK(round_trip(std::tuple<>{}) == std::tuple<>{});
}

TEST_CASE("a vector survives a round trip, nested in other values") {
  CHECK(round_trip(std::vector<bool>{true, false, true}) ==
        std::vector<bool>{true, false, true});
  CHECK(round_trip(std::vector<std::vector<std::string>>{{"a", "b"}, {}}) ==
        std::vector<std::vector<std::string>>{{"a", "b"}, {}});
  CHECK(round_trip(sample_nested()) == sample_nested());
}

TEST_CASE("decoding takes one value from the front and leaves the rest") {
  std::string bytes;
  value_codec<std::string>::encode("first", bytes);
  value_codec<int16_t>::encode(-3, bytes);
  std::string_view in = bytes;
  CHECK(value_codec<std::string>::decode(in) == "first"s);
  CHECK(in.size() == 1); // -3 zigzags to 5, a one-byte varint
  CHECK(value_codec<int16_t>::decode(in) == int16_t{-3});
  CHECK(in.empty());
}

TEST_CASE("encode_value replaces what the output held") {
  std::string out = "stale";
  encode_value(uint8_t{9}, out);
  CHECK(out == "\x09"s);
}

TEST_CASE("a value whose bytes end early is rejected at every cut") {
  auto bytes = bytes_of(sample_nested());
  for (size_t size = 0; size < bytes.size(); ++size) {
    CAPTURE(size);
    // A copy of exactly `size` bytes: ASan catches a read past them.
    std::string cut = bytes.substr(0, size);
    CHECK(is_storage_failure(decode_value<nested>(cut)));
  }
}

TEST_CASE("a number whose bytes end early is rejected with where") {
  auto x = decode_value<int64_t>("\x81\x82"s);
  CHECK(error_text(x) == "storage_failure: cannot decode an int64 from 2 "
                         "bytes: an int64 ends after 2 bytes");
  CHECK(error_text(decode_value<double>("\x01\x02\x03"s))
            .find("a double needs 8 bytes but 3 remain") != std::string::npos);
}

TEST_CASE("bytes after a value are rejected") {
  auto x = decode_value<int32_t>(bytes_of(int32_t{5}) + "!");
  CHECK(is_storage_failure(x));
  CHECK(error_text(x).find("1 byte left after an int32") != std::string::npos);
}

TEST_CASE("a string longer than the bytes left is rejected") {
  auto x = decode_value<std::string>("\x05"
                                     "abc"s);
  CHECK(is_storage_failure(x));
  CHECK(error_text(x).find("a string of 5 bytes has only 3 left") !=
        std::string::npos);
}

TEST_CASE("a huge corrupt length is rejected without allocating it") {
  // 2^63 as a varint.
  auto huge = "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01"s;
  CHECK(is_storage_failure(decode_value<std::string>(huge + "abc")));
  CHECK(is_storage_failure(decode_value<std::vector<int8_t>>(huge + "abc")));
}

TEST_CASE("a length beyond 64 bits or with a redundant byte is rejected") {
  auto too_long = "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x02"s;
  CHECK(
      error_text(decode_value<std::string>(too_long)).find("exceeds 64 bits") !=
      std::string::npos);
  CHECK(error_text(decode_value<std::string>("\x81\x00"
                                             "a"s))
            .find("redundant zero byte") != std::string::npos);
}

TEST_CASE("an optional flag other than 0 or 1 is rejected") {
  auto x = decode_value<std::optional<int8_t>>("\x07\x01"s);
  CHECK(error_text(x).find("the flag of an optional<int8> is 7") !=
        std::string::npos);
}

TEST_CASE("a bad element of a vector is named by its index") {
  auto bytes = bytes_of(std::vector<bool>{true, false});
  bytes.back() = '\x05';
  CHECK(error_text(decode_value<std::vector<bool>>(bytes))
            .find("element 1 of a vector<bool>") != std::string::npos);
}

TEST_CASE("values are shown as JSON numbers, strings, arrays and null") {
  CHECK(value_to_json(int8_t{-5}) == -5);
  CHECK(value_to_json(uint64_t{18446744073709551615ULL}) ==
        18446744073709551615ULL);
  CHECK(value_to_json('A') == 65);
  CHECK(value_to_json(true) == true);
  CHECK(value_to_json(0.5f) == 0.5);
  CHECK(value_to_json("h"s) == "h");
  CHECK(value_to_json(std::optional<double>{}).is_null());
  CHECK(value_to_json(std::pair<std::string, int32_t>{"a", 1}) ==
        nlohmann::json::array({"a", 1}));
  CHECK(value_to_json(sample_nested()).dump().substr(0, 28) ==
        R"([["cmts-1",2.5,[1,-2,3]],["")");
}

TEST_CASE("types without a codec are not codable") {
  CHECK(codable<std::vector<std::optional<std::string>>>);
  CHECK_FALSE(codable<std::string_view>);
  CHECK_FALSE(codable<long double>);
  CHECK_FALSE(codable<std::vector<std::string_view>>);
}
