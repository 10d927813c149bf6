// Reusable aggregates: each part's result over a few records, composed
// accumulators that survive checkpoints byte for byte, and the JSON that
// state queries show of running windows.
#include "runtime/aggregates.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "messages/error.hpp"

using namespace eddy;
using namespace std::string_literals;

namespace {

struct reading {
  std::string host;
  int64_t octets = 0;
  double rtt_ms = 0;
  uint16_t port = 0;
};

const std::vector<reading> readings = {
    {"cmts-7", 1000, 12.5, 443},
    {"cmts-2", 234, 3.0, 80},
    {"cmts-9", 0, 30.25, 8080},
};

// The accumulator after adding `records` in order.
template <class Aggregate>
typename Aggregate::accumulator
accumulate(const Aggregate& a, const std::vector<reading>& records) {
  typename Aggregate::accumulator acc{};
  for (const auto& r : records)
    a.add(acc, r);
  return acc;
}

// The result of a single-part aggregate over `readings`.
template <class Part>
auto result_of(Part part) {
  auto a = aggregate_of<reading>(std::move(part));
  return std::get<0>(a.results(accumulate(a, readings)));
}

auto octets = [](const reading& r) { return r.octets; };
auto rtt = [](const reading& r) { return r.rtt_ms; };
auto host = [](const reading& r) -> const std::string& { return r.host; };

// Every kind of part, over numbers and strings.
auto every_part() {
  return aggregate_of<reading>(
      agg::count("n"), agg::sum("octets", octets), agg::sum("rtt_sum", rtt),
      agg::min("rtt_min", rtt), agg::max("host_max", host),
      agg::avg("rtt_avg", rtt), agg::first("first_host", host),
      agg::last("last_port", &reading::port));
}

template <class T>
bool is_storage_failure(const caf::expected<T>& x) {
  return !x && x.error().category() == caf::atom("eddy") &&
         x.error().code() == static_cast<uint8_t>(ec::storage_failure);
}

} // namespace

TEST_CASE("count counts the records") {
  CHECK(result_of(agg::count("n")) == 3);
}

TEST_CASE("a sum of integers is an int64_t") {
  auto total = result_of(agg::sum("octets", &reading::port));
  static_assert(std::is_same_v<decltype(total), int64_t>);
  CHECK(total == 443 + 80 + 8080);
}

TEST_CASE("a sum of floating point is a double") {
  auto total = result_of(agg::sum(
      "rtt", [](const reading& r) { return static_cast<float>(r.rtt_ms); }));
  static_assert(std::is_same_v<decltype(total), double>);
  CHECK(total == 45.75);
}

TEST_CASE("min and max of doubles are the least and greatest") {
  CHECK(result_of(agg::min("rtt", rtt)) == 3.0);
  CHECK(result_of(agg::max("rtt", rtt)) == 30.25);
}

TEST_CASE("min and max of strings compare lexicographically") {
  CHECK(result_of(agg::min("host", host)) == "cmts-2");
  CHECK(result_of(agg::max("host", host)) == "cmts-9");
}

TEST_CASE("min and max keep the type the extractor returns") {
  auto least = result_of(agg::min("port", &reading::port));
  static_assert(std::is_same_v<decltype(least), uint16_t>);
  CHECK(least == 80);
}

TEST_CASE("an average of doubles is their mean") {
  CHECK(result_of(agg::avg("rtt", rtt)) == doctest::Approx(45.75 / 3));
}

TEST_CASE("an average of integers divides their exact sum") {
  CHECK(result_of(agg::avg("octets", octets)) == doctest::Approx(1234.0 / 3));
}

TEST_CASE("stats are the least, greatest and mean of a number at once") {
  auto s = result_of(agg::stats("rtt", rtt));
  static_assert(std::is_same_v<decltype(s), agg::statistics>);
  CHECK(s.min == 3.0);
  CHECK(s.max == 30.25);
  CHECK(s.avg() == doctest::Approx(45.75 / 3));
  CHECK(s.count == 3);
}

TEST_CASE("stats of negative numbers start from the first value") {
  // The seed's accumulator starts max at Double.MIN_VALUE (the least
  // positive double): a series below zero got a max above all its values.
  auto a = aggregate_of<double>(agg::stats("t", [](double x) { return x; }));
  decltype(a)::accumulator acc{};
  for (auto x : {-5.0, -2.5, -7.0})
    a.add(acc, x);
  auto s = std::get<0>(a.results(acc));
  CHECK(s.min == -7.0);
  CHECK(s.max == -2.5);
  CHECK(s.avg() == doctest::Approx(-14.5 / 3));
}

TEST_CASE("stats show as min, max and avg, or null when empty") {
  auto a = aggregate_of<reading>(agg::stats("rtt", rtt));
  CHECK(a.to_json(decltype(a)::accumulator{}) ==
        nlohmann::json{{"rtt", nullptr}});
  CHECK(a.to_json(accumulate(a, readings))["rtt"] ==
        nlohmann::json{{"min", 3.0}, {"max", 30.25}, {"avg", 45.75 / 3}});
}

TEST_CASE("stats survive a round trip through their bytes") {
  auto a = aggregate_of<reading>(agg::count("n"), agg::stats("rtt", rtt),
                                 agg::stats("octets", octets));
  using acc = decltype(a)::accumulator;
  CHECK(std::is_trivially_copyable_v<acc>);
  std::string bytes;
  decltype(a)::encode(accumulate(a, readings), bytes);
  auto back = decltype(a)::decode(bytes);
  REQUIRE_MESSAGE(back, describe(back.error()));
  CHECK(*back == accumulate(a, readings));
  for (size_t size = 0; size < bytes.size(); ++size)
    CHECK(is_storage_failure(decltype(a)::decode(bytes.substr(0, size))));
}

TEST_CASE("first and last keep the first and last record's value") {
  CHECK(result_of(agg::first("host", host)) == "cmts-7");
  CHECK(result_of(agg::last("host", host)) == "cmts-9");
  CHECK(result_of(agg::first("rtt", rtt)) == 12.5);
  CHECK(result_of(agg::last("rtt", rtt)) == 30.25);
}

TEST_CASE("a string_view extractor keeps its value as a std::string") {
  auto last = result_of(agg::last(
      "host", [](const reading& r) { return std::string_view{r.host}; }));
  static_assert(std::is_same_v<decltype(last), std::string>);
  CHECK(last == "cmts-9");
}

TEST_CASE("composed results come in the order of the parts") {
  auto a = every_part();
  CHECK(a.results(accumulate(a, readings)) ==
        std::tuple{int64_t{3}, int64_t{1234}, 45.75, 3.0, "cmts-9"s, 45.75 / 3,
                   "cmts-7"s, uint16_t{8080}});
}

TEST_CASE("a window's finish can take the key and window, then the results") {
  auto a = aggregate_of<reading>(agg::count("n"), agg::sum("usage", octets),
                                 agg::first("host", host));
  auto acc = accumulate(a, readings);
  auto finish = [](std::string_view key, int64_t window_end, int64_t n,
                   int64_t usage, std::string first_host) {
    return std::string{key} + "@" + std::to_string(window_end) + ": " +
           std::to_string(n) + " " + std::to_string(usage) + " " + first_host;
  };
  CHECK(a.apply_results(finish, acc, "sub-1", int64_t{60000}) ==
        "sub-1@60000: 3 1234 cmts-7");
  CHECK(std::apply([&](auto... results) { return finish("k", 0, results...); },
                   a.results(acc)) == "k@0: 3 1234 cmts-7");
}

TEST_CASE("the parts' names come in order") {
  auto a = aggregate_of<reading>(agg::count("n"), agg::avg("rtt", rtt));
  CHECK(a.names() == std::array<std::string_view, 2>{"n", "rtt"});
}

TEST_CASE("running aggregates are shown as JSON by the parts' names") {
  auto a = every_part();
  auto acc = accumulate(a, {readings[0], readings[1]});
  CHECK(a.to_json(acc) == nlohmann::json{{"n", 2},
                                         {"octets", 1234},
                                         {"rtt_sum", 15.5},
                                         {"rtt_min", 3.0},
                                         {"host_max", "cmts-7"},
                                         {"rtt_avg", 7.75},
                                         {"first_host", "cmts-7"},
                                         {"last_port", 80}});
}

TEST_CASE("an empty accumulator shows zero counts and sums, null values") {
  auto a = every_part();
  CHECK(a.to_json(decltype(a)::accumulator{}) ==
        nlohmann::json{{"n", 0},
                       {"octets", 0},
                       {"rtt_sum", 0.0},
                       {"rtt_min", nullptr},
                       {"host_max", nullptr},
                       {"rtt_avg", nullptr},
                       {"first_host", nullptr},
                       {"last_port", nullptr}});
}

TEST_CASE("an empty accumulator's results are value-initialized") {
  auto a = every_part();
  CHECK(
      a.results(decltype(a)::accumulator{}) ==
      std::tuple{int64_t{0}, int64_t{0}, 0.0, 0.0, ""s, 0.0, ""s, uint16_t{0}});
}

TEST_CASE("a composed accumulator survives a round trip through its bytes") {
  auto a = every_part();
  using codec = decltype(a);
  for (size_t n = 0; n <= readings.size(); ++n) {
    CAPTURE(n);
    auto acc = accumulate(
        a, std::vector<reading>(readings.begin(), readings.begin() + n));
    std::string bytes = "stale";
    codec::encode(acc, bytes);
    auto back = codec::decode(bytes);
    REQUIRE_MESSAGE(back, describe(back.error()));
    CHECK(*back == acc);
    CHECK(a.to_json(*back) == a.to_json(acc));
  }
}

TEST_CASE("a numeric accumulator is small and trivially copyable") {
  auto a = aggregate_of<reading>(agg::count("n"), agg::sum("octets", octets),
                                 agg::max("rtt", rtt), agg::avg("rtt", rtt));
  using acc = decltype(a)::accumulator;
  CHECK(std::is_trivially_copyable_v<acc>);
  CHECK(sizeof(acc) == 8 + 8 + 16 + 16);
  CHECK(decltype(a)::decode([&] {
          std::string bytes;
          decltype(a)::encode(accumulate(a, readings), bytes);
          return bytes;
        }()) == accumulate(a, readings));
}

TEST_CASE("accumulator bytes that end early are rejected at every cut") {
  auto a = every_part();
  std::string bytes;
  decltype(a)::encode(accumulate(a, readings), bytes);
  for (size_t size = 0; size < bytes.size(); ++size) {
    CAPTURE(size);
    // A copy of exactly `size` bytes: ASan catches a read past them.
    std::string cut = bytes.substr(0, size);
    CHECK(is_storage_failure(decltype(a)::decode(cut)));
  }
}

TEST_CASE("a cut accumulator's error names the part that ends early") {
  auto a = aggregate_of<reading>(agg::count("n"), agg::first("host", host));
  std::string bytes;
  decltype(a)::encode(accumulate(a, readings), bytes);
  // The count's one-byte varint, not the host's.
  auto back = decltype(a)::decode(std::string_view{bytes}.substr(0, 1));
  REQUIRE_FALSE(back);
  CHECK(describe(back.error()) ==
        "storage_failure: cannot decode part 2 of 2 (first) of an aggregate "
        "from 1 byte: an optional<string> needs 1 byte but none remain");
}

TEST_CASE("a cut string in an accumulator is named as such") {
  auto a = aggregate_of<reading>(agg::first("host", host));
  std::string bytes;
  decltype(a)::encode(accumulate(a, readings), bytes);
  auto back = decltype(a)::decode(std::string_view{bytes}.substr(0, 1));
  REQUIRE_FALSE(back);
  CHECK(describe(back.error()) ==
        "storage_failure: cannot decode part 1 of 1 (first) of an aggregate "
        "from 1 byte: the length of a string needs a byte but none "
        "remain");
}

// Found by tests/fuzz/value_codec_fuzz.cpp: a count (of agg::count or
// agg::avg) restored at INT64_MAX overflowed, undefined behaviour, on the
// window's next record.
TEST_CASE("a count restored at its largest value wraps around on a record") {
  auto a = aggregate_of<reading>(agg::count("n"));
  // INT64_MAX zigzagged, as a varint.
  auto acc = decltype(a)::decode("\xfe\xff\xff\xff\xff\xff\xff\xff\xff\x01"s);
  REQUIRE(acc);
  a.add(*acc, readings[0]);
  CHECK(std::get<0>(a.results(*acc)) == std::numeric_limits<int64_t>::min());
}

TEST_CASE("an average restored at its largest count wraps around on a record") {
  auto a = aggregate_of<reading>(agg::avg("octets", octets));
  // A total of 0, then INT64_MAX zigzagged, as varints.
  auto acc =
      decltype(a)::decode("\x00\xfe\xff\xff\xff\xff\xff\xff\xff\xff\x01"s);
  REQUIRE(acc);
  a.add(*acc, readings[0]);
  CHECK(agg::get<0>(*acc).count == std::numeric_limits<int64_t>::min());
}

TEST_CASE("bytes after an accumulator are rejected") {
  auto a = every_part();
  std::string bytes;
  decltype(a)::encode(accumulate(a, readings), bytes);
  auto back = decltype(a)::decode(bytes + "x");
  CHECK(is_storage_failure(back));
  CHECK(describe(back.error()).find("1 byte left after the 8 parts") !=
        std::string::npos);
}
