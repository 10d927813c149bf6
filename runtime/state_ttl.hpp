// How long state lives, and by which clock: what a process function's
// values and map state expire by, and a value kept with its expiry.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "caf/expected.hpp"

#include "runtime/value_codec.hpp"

namespace eddy {

/// The clock a time-to-live or a timer follows.
enum class time_domain { event, processing };

/// How long a key's value lives after it was last written, and by which
/// clock (event time: the partition's watermark).
struct state_ttl {
  std::chrono::milliseconds duration{0};
  time_domain domain = time_domain::event;
};

/// A value with the time it expires (ms on its ttl's clock).
template <class V>
struct expiring {
  V value{};
  int64_t expires_at = 0;
};

template <class V>
struct value_codec<expiring<V>> {
  static void encode(const expiring<V>& x, std::string& out) {
    value_codec<V>::encode(x.value, out);
    value_codec<int64_t>::encode(x.expires_at, out);
  }

  static caf::expected<expiring<V>> decode(std::string_view& in) {
    auto value = value_codec<V>::decode(in);
    if (!value)
      return value.error();
    auto expires_at = value_codec<int64_t>::decode(in);
    if (!expires_at)
      return expires_at.error();
    return expiring<V>{std::move(*value), *expires_at};
  }

  static nlohmann::json to_json(const expiring<V>& x) {
    return value_codec<V>::to_json(x.value);
  }
};

} // namespace eddy
