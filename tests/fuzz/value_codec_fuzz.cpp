// Fuzzes the codecs of persisted state (runtime/value_codec.hpp and the
// accumulators of runtime/aggregates.hpp): the first byte picks a type the
// jobs keep in state, the rest are its bytes as a checkpoint would hold
// them. Decoding never crashes nor allocates more than the bytes justify;
// the encoding is canonical, so a decoded value encodes to the very bytes it
// was read from; a restored accumulator takes its next record without
// undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "apps/inventory/stock_process.hpp"
#include "apps/inventory/summary_counts.hpp"
#include "runtime/aggregates.hpp"
#include "runtime/keyed_process.hpp"
#include "runtime/value_codec.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using namespace eddy;
using eddy::fuzz::check;

// What state queries do with a value's JSON (web::dump_body): invalid
// UTF-8 in a string becomes U+FFFD instead of throwing.
void render(const nlohmann::json& value) {
  static_cast<void>(
      value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

template <class T>
void check_value(std::string_view bytes) {
  auto x = decode_value<T>(bytes);
  if (!x)
    return;
  std::string again;
  encode_value(*x, again);
  check(again == bytes,
        "a decoded value encodes to the very bytes it was read from");
  render(value_to_json(*x));
}

// A record of the README's example aggregate, with every kind of part.
struct reading {
  std::string host;
  int64_t octets = 0;
  double rtt_ms = 0;
  uint16_t port = 0;
};

auto every_part() {
  auto octets = [](const reading& r) { return r.octets; };
  auto rtt = [](const reading& r) { return r.rtt_ms; };
  return aggregate_of<reading>(
      agg::count("n"), agg::sum("octets", octets), agg::sum("rtt_sum", rtt),
      agg::min("rtt_min", rtt), agg::max("host_max", &reading::host),
      agg::avg("rtt_avg", rtt), agg::avg("octets_avg", octets),
      agg::first("first_host", &reading::host),
      agg::last("last_port", &reading::port));
}

// A window's accumulator restored from `bytes`, then given its next record
// (`next`), as a window operator does after a restart.
template <class Aggregate>
void check_accumulator(const Aggregate& a, std::string_view bytes,
                       const typename Aggregate::input& next) {
  auto acc = Aggregate::decode(bytes);
  if (!acc)
    return;
  std::string again;
  Aggregate::encode(*acc, again);
  check(again == bytes,
        "a decoded accumulator encodes to the very bytes it was read from");
  render(a.to_json(*acc));
  a.add(*acc, next);
  static_cast<void>(a.results(*acc));
  render(a.to_json(*acc));
  std::string after;
  Aggregate::encode(*acc, after);
  auto restored = Aggregate::decode(after);
  check(static_cast<bool>(restored), "an updated accumulator decodes again");
}

void check_every_part(std::string_view bytes) {
  static const auto a = every_part();
  check_accumulator(a, bytes, reading{"cmts-7", 1000, 12.5, 443});
}

void check_summary_counts(std::string_view bytes) {
  static const auto a = summary_counts();
  check_accumulator(a, bytes, transaction_result{{1, 2, "item_1", -5}, true});
}

using checker = void (*)(std::string_view);

// The types jobs persist: the inventory's stock (int64_t), values with a
// time to live, the window accumulators, map state entries, and nested
// containers.
constexpr checker checkers[] = {
    &check_value<bool>,
    &check_value<int8_t>,
    &check_value<uint8_t>,
    &check_value<int16_t>,
    &check_value<uint16_t>,
    &check_value<int32_t>,
    &check_value<uint32_t>,
    &check_value<int64_t>,
    &check_value<uint64_t>,
    &check_value<float>,
    &check_value<double>,
    &check_value<std::string>,
    &check_value<std::optional<int64_t>>,
    &check_value<std::pair<std::string, int64_t>>,
    &check_value<std::tuple<int32_t, std::string, bool>>,
    &check_value<std::vector<std::string>>,
    &check_value<std::vector<std::pair<std::string, double>>>,
    &check_value<std::vector<std::vector<int64_t>>>,
    &check_value<std::optional<std::vector<std::string>>>,
    &check_value<std::vector<
        std::tuple<std::string, std::optional<double>, std::vector<int16_t>>>>,
    &check_value<expiring<int64_t>>,
    &check_value<expiring<std::string>>,
    &check_value<agg::average<int64_t>>,
    &check_value<agg::average<double>>,
    &check_every_part,
    &check_summary_counts,
    // A map state entry as persisted: the inventory's seen transaction.
    &check_value<std::pair<transaction_outcome, int64_t>>,
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0)
    return 0;
  auto pick = data[0] % std::size(checkers);
  checkers[pick](eddy::fuzz::text_of(data + 1, size - 1));
  return 0;
}
