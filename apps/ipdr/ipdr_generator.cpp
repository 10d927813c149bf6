// Makes one IPDR record from (seed, index): a splitmix64 stream per record
// draws every field, std::to_chars formats the numbers into a buffer on the
// stack; nothing allocates but the caller's string.
#include "apps/ipdr/ipdr_generator.hpp"

#include <array>
#include <charconv>
#include <cstring>
#include <string_view>

#include "connectors/splitmix64.hpp"

namespace eddy::ipdr {

namespace {

using splitmix64::golden_gamma;
constexpr auto mix64 = splitmix64::mix;

// The random draws of one record: splitmix64 from a state that (seed,
// index) alone decide, so that any record can be made on its own.
class record_draws {
public:
  record_draws(uint64_t seed, uint64_t index)
      : state_(mix64(seed * golden_gamma + mix64(index + golden_gamma))) {}

  uint64_t next() {
    state_ += golden_gamma;
    return mix64(state_);
  }

  /// Uniform in [0, bound) (bound > 0), by Lemire's multiply-shift.
  uint64_t below(uint64_t bound) {
    return static_cast<uint64_t>(
        (static_cast<unsigned __int128>(next()) * bound) >> 64);
  }

  /// Uniform in [low, high].
  int64_t between(int64_t low, int64_t high) {
    return low +
           static_cast<int64_t>(below(static_cast<uint64_t>(high - low) + 1));
  }

  template <class T, size_t N>
  const T& pick(const std::array<T, N>& options) {
    return options[below(N)];
  }

private:
  uint64_t state_;
};

using namespace std::string_view_literals;

// Domain-like names as the seed's Faker makes them.
constexpr std::array host_names = {
    "schaefer.info"sv,  "turner.biz"sv,  "kuhn.com"sv,       "wiza.net"sv,
    "okuneva.org"sv,    "bernhard.io"sv, "gleichner.info"sv, "hauck.biz"sv,
    "lind.com"sv,       "mraz.net"sv,    "schmitt.org"sv,    "beer.info"sv,
    "kerluke.biz"sv,    "reilly.com"sv,  "feest.net"sv,      "rohan.org"sv,
    "hettinger.info"sv, "wolff.biz"sv,   "collins.com"sv,    "dach.net"sv,
    "larkin.org"sv,     "bosco.info"sv,  "marvin.biz"sv,     "stokes.com"sv,
};

// The seed's option lists.
constexpr std::array service_classes = {"data"sv, "video"sv, "telephony"sv,
                                        "default"sv, "both"sv};
constexpr std::array interface_names = {"Cable3/0/4"sv, "Cable1/0/5"sv,
                                        "Cable2/1/6"sv};
constexpr std::array regions = {"Atlanta"sv, "Charlotte"sv, "Nashville"sv};
constexpr std::array zone_names = {"UTC"sv, "EST"sv, "PST"sv, "CST"sv, "MST"sv};

constexpr int64_t quarter_hour_ms = 15 * 60 * 1000;
constexpr int64_t past_window_ms = 2 * 60 * 60 * 1000;

// A record is formatted here and appended to the caller's string at once:
// one append instead of ninety small ones, each checking the capacity.
class record_buffer {
public:
  // Fixed texts (compile-time lengths, so memcpy inlines).
  void put(std::string_view text) {
    std::memcpy(at_, text.data(), text.size());
    at_ += text.size();
  }

  void put(char c) { *at_++ = c; }

  void put_number(int64_t value) {
    at_ = std::to_chars(at_, bytes_.data() + bytes_.size(), value).ptr;
  }

  // `width` digits, zero-padded: the parts of a timestamp.
  void put_padded(int64_t value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10)
      at_[i] = static_cast<char>('0' + value % 10);
    at_ += width;
  }

  void put_quoted(std::string_view text) {
    put('"');
    put(text);
    put('"');
  }

  size_t size() const { return static_cast<size_t>(at_ - bytes_.data()); }

  const char* data() const { return bytes_.data(); }

private:
  // A record takes about 600 bytes, at most about 800 (the longest names,
  // nine channels each, 19-digit MAC numbers).
  std::array<char, 1024> bytes_;
  char* at_ = bytes_.data();
};

int64_t floor_div(int64_t x, int64_t y) {
  return x / y - ((x % y != 0) && ((x < 0) != (y < 0)) ? 1 : 0);
}

// `yyyy-MM-dd HH:mm:ss` in UTC; the date by Howard Hinnant's
// civil_from_days, which needs no time zone and no locale.
void put_utc_time(record_buffer& out, int64_t epoch_ms) {
  auto seconds = floor_div(epoch_ms, 1000);
  auto days = floor_div(seconds, 86400);
  auto of_day = seconds - days * 86400;
  auto z = days + 719468;
  auto era = floor_div(z, 146097);
  auto day_of_era = z - era * 146097;
  auto year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 -
                      day_of_era / 146096) /
                     365;
  auto day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  auto shifted_month = (5 * day_of_year + 2) / 153;
  auto day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  auto month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  auto year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  out.put_padded(year, 4);
  out.put('-');
  out.put_padded(month, 2);
  out.put('-');
  out.put_padded(day, 2);
  out.put(' ');
  out.put_padded(of_day / 3600, 2);
  out.put(':');
  out.put_padded(of_day / 60 % 60, 2);
  out.put(':');
  out.put_padded(of_day % 60, 2);
}

// A quarter hour that starts within the two hours before `now_ms`.
int64_t draw_from_time(record_draws& draws, int64_t now_ms) {
  auto first = -floor_div(-(now_ms - past_window_ms), quarter_hour_ms);
  auto last = floor_div(now_ms, quarter_hour_ms);
  return draws.between(first, last) * quarter_hour_ms;
}

void put_ipv4(record_buffer& out, record_draws& draws) {
  out.put_number(draws.between(1, 223));
  for (int i = 0; i < 2; ++i) {
    out.put('.');
    out.put_number(draws.between(0, 255));
  }
  out.put('.');
  out.put_number(draws.between(1, 254));
}

void put_ipv6(record_buffer& out, record_draws& draws) {
  constexpr std::string_view hex = "0123456789abcdef";
  auto bits = draws.next();
  auto more = draws.next();
  for (int group = 0; group < 8; ++group) {
    if (group > 0)
      out.put(':');
    auto& source = group < 4 ? bits : more;
    for (int digit = 0; digit < 4; ++digit, source >>= 4)
      out.put(hex[source & 0xf]);
  }
}

void put_channels(record_buffer& out, record_draws& draws, int64_t highest) {
  auto count = draws.between(3, 9);
  out.put('[');
  for (int64_t i = 0; i < count; ++i) {
    if (i > 0)
      out.put(',');
    out.put_number(draws.between(0, highest));
  }
  out.put(']');
}

} // namespace

ipdr_generator::ipdr_generator(ipdr_generator_options opts) : opts_(opts) {}

void ipdr_generator::operator()(uint64_t index, int64_t now_ms,
                                std::string& record) const {
  record_draws draws{opts_.seed, index};
  record_buffer out;
  // The CMTS's IPv4 doubles as the batch id, as in the seed's sample.
  out.put(R"({"batchId":")"sv);
  auto cmts_v4_start = out.size();
  put_ipv4(out, draws);
  std::string_view cmts_v4{out.data() + cmts_v4_start,
                           out.size() - cmts_v4_start};
  out.put(R"(","cmIp":{"v4":")"sv);
  put_ipv4(out, draws);
  out.put(R"("},"cmMacAddr":"MACADDR)"sv);
  out.put_number(opts_.mac_offset + static_cast<int64_t>(draws.below(
                                        static_cast<uint64_t>(opts_.macs))));
  out.put(R"(","cmtsHostName":)"sv);
  out.put_quoted(draws.pick(host_names));
  out.put(R"(,"cmtsIp":{"v4":")"sv);
  out.put(cmts_v4);
  out.put(R"(","v6":")"sv);
  put_ipv6(out, draws);
  out.put(R"("},"dsChSet":)"sv);
  put_channels(out, draws, 99);
  out.put(R"(,"dsIdentifier":)"sv);
  out.put_number(draws.between(1000, 9999));
  out.put(R"(,"dsOctets":)"sv);
  out.put_number(draws.between(100000, 999999));
  out.put(R"(,"dsPackets":)"sv);
  out.put_number(draws.between(1000, 9999));
  auto service_class = draws.pick(service_classes);
  out.put(R"(,"dsScn":)"sv);
  out.put_quoted(service_class);
  out.put(R"(,"dsTimeActive":)"sv);
  out.put_number(draws.between(10000, 99999));
  auto from_ms = draw_from_time(draws, now_ms);
  out.put(R"(,"fromTime":")"sv);
  put_utc_time(out, from_ms);
  out.put(R"(","mdIfIndex":)"sv);
  out.put_number(draws.between(1000, 9999));
  out.put(R"(,"mdIfName":)"sv);
  out.put_quoted(draws.pick(interface_names));
  out.put(R"(,"qosVersion":)"sv);
  out.put_number(draws.between(1, 4));
  out.put(R"(,"region":)"sv);
  out.put_quoted(draws.pick(regions));
  out.put(R"(,"timeZone":)"sv);
  out.put_quoted(draws.pick(zone_names));
  out.put(R"(,"toTime":")"sv);
  put_utc_time(out, from_ms + quarter_hour_ms);
  out.put(R"(","usChSet":)"sv);
  put_channels(out, draws, 9);
  out.put(R"(,"usIdentifier":)"sv);
  out.put_number(draws.between(10000, 99999));
  out.put(R"(,"usOctets":)"sv);
  out.put_number(draws.between(100000, 999999));
  out.put(R"(,"usPackets":)"sv);
  out.put_number(draws.between(10000, 99999));
  out.put(R"(,"usScn":)"sv);
  out.put_quoted(service_class);
  out.put(R"(,"usTimeActive":)"sv);
  out.put_number(draws.between(10000, 99999));
  out.put(R"(,"v":)"sv);
  out.put_number(draws.between(1, 2));
  out.put('}');
  record.append(out.data(), out.size());
}

} // namespace eddy::ipdr
