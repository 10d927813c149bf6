// Compact binary codecs for the values jobs keep in state (window
// accumulators, keyed values), so that no job writes its own, plus their
// JSON form for state queries.
//
// The format: integers wider than a byte as LEB128 varints (signed ones
// zigzagged first, so small negatives stay short), bytes as themselves,
// floating point as its IEEE bits little-endian, bool one byte 0 or 1,
// strings and vectors a varint length then their bytes or elements,
// optional a 0/1 byte then the value, pairs and tuples their elements in
// order, with nothing between them. Varints because most numbers in state
// are small counts and stocks, most strings short names, and a checkpoint
// writes one value per key: fixed-width numbers made the inventory's
// checkpoints a half larger and its whole job 15% slower.
#pragma once

#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "caf/atom.hpp"
#include "caf/expected.hpp"
#include "caf/message.hpp"

#include "messages/error.hpp"

namespace eddy {

/// How values of type `T` are written to bytes, read back and shown as
/// JSON. A specialization provides:
///
///   // Appends the bytes of `x` to `out`.
///   static void encode(const T& x, std::string& out);
///   // Reads one value from the front of `in` and drops its bytes from
///   // `in`. Fails with ec::storage_failure, naming what is wrong, when
///   // the bytes are not a T; `in` is then partly consumed.
///   static caf::expected<T> decode(std::string_view& in);
///   static nlohmann::json to_json(const T& x);
///   // What error messages call the type, e.g. "vector<string>"
///   // (optional: "value" without it).
///   static std::string name();
///
/// Provided for bool, the integer types, float, double, std::string, and
/// std::optional, std::pair, std::tuple and std::vector of those, nested. A
/// job may specialize it for its own types.
template <class T>
struct value_codec;

/// Whether value_codec has a specialization for `T`.
template <class T>
concept codable = requires(const T& x, std::string& out, std::string_view& in) {
  value_codec<T>::encode(x, out);
  { value_codec<T>::decode(in) } -> std::same_as<caf::expected<T>>;
  { value_codec<T>::to_json(x) } -> std::convertible_to<nlohmann::json>;
};

namespace detail {

/// What error messages call `T`.
template <class T>
std::string codec_name() {
  if constexpr (requires { value_codec<T>::name(); })
    return value_codec<T>::name();
  else
    return "value";
}

/// The sentence an error carries (what make_error was given), or the
/// error's rendering if it carries none, for wrapping it in another.
inline std::string context_of(const caf::error& err) {
  const auto& ctx = err.context();
  if (err.category() == caf::atom("eddy") && ctx.match_elements<std::string>())
    return ctx.get_as<std::string>(0);
  return describe(err);
}

/// `name` with its indefinite article: "an int64", "a uint64".
inline std::string with_article(const std::string& name) {
  bool is_vowel = !name.empty() && std::string_view{"aeioAEIO"}.find(
                                       name.front()) != std::string_view::npos;
  return (is_vowel ? "an " : "a ") + name;
}

/// Fails decoding with a sentence saying what is wrong.
inline caf::error decode_error(std::string what) {
  return make_error(ec::storage_failure, std::move(what));
}

/// "1 byte", "2 bytes": sizes in error sentences.
inline std::string byte_count(size_t n) {
  return std::to_string(n) + (n == 1 ? " byte" : " bytes");
}

/// Appends `x` in `sizeof(U)` little-endian bytes.
template <std::unsigned_integral U>
void append_little_endian(U x, std::string& out) {
  char bytes[sizeof(U)];
  for (size_t i = 0; i < sizeof(U); ++i)
    bytes[i] = static_cast<char>(static_cast<unsigned char>(x >> (8 * i)));
  out.append(bytes, sizeof(U));
}

/// Reads `sizeof(U)` little-endian bytes, failing with a sentence that
/// names `what` when fewer remain.
template <std::unsigned_integral U>
caf::expected<U> read_little_endian(std::string_view& in,
                                    const std::string& what) {
  if (in.size() < sizeof(U))
    return decode_error(with_article(what) + " needs " +
                        std::to_string(sizeof(U)) + " bytes but " +
                        std::to_string(in.size()) + " remain");
  U x = 0;
  for (size_t i = 0; i < sizeof(U); ++i)
    x = static_cast<U>(
        x | static_cast<U>(static_cast<U>(static_cast<unsigned char>(in[i]))
                           << (8 * i)));
  in.remove_prefix(sizeof(U));
  return x;
}

/// Appends `n` as an unsigned LEB128 varint (1 byte below 128).
inline void append_varint(uint64_t n, std::string& out) {
  char bytes[10];
  size_t size = 0;
  while (n >= 0x80) {
    bytes[size++] = static_cast<char>(static_cast<unsigned char>(n | 0x80));
    n >>= 7;
  }
  bytes[size++] = static_cast<char>(n);
  out.append(bytes, size);
}

/// Reads a varint written by append_varint; `subject` names it in errors
/// ("the length of a string", "an int64"). Rejects a truncated, overlong
/// (non-minimal) or over 64-bit one.
inline caf::expected<uint64_t> read_varint(std::string_view& in,
                                           const std::string& subject) {
  uint64_t n = 0;
  for (size_t i = 0; i < 10; ++i) {
    if (i == in.size())
      return decode_error(i == 0 ? subject + " needs a byte but none remain"
                                 : subject + " ends after " + byte_count(i));
    auto byte = static_cast<unsigned char>(in[i]);
    // The tenth byte holds bit 63 only.
    if (i == 9 && byte > 1)
      return decode_error(subject + " exceeds 64 bits");
    n |= static_cast<uint64_t>(byte & 0x7F) << (7 * i);
    if ((byte & 0x80) == 0) {
      if (byte == 0 && i > 0)
        return decode_error(subject + " has a redundant zero byte");
      in.remove_prefix(i + 1);
      return n;
    }
  }
  return decode_error(subject + " exceeds 64 bits");
}

/// Appends the length of a string or vector.
inline void append_length(uint64_t n, std::string& out) {
  append_varint(n, out);
}

/// Reads a length written by append_length for a value named `what`.
inline caf::expected<uint64_t> read_length(std::string_view& in,
                                           const std::string& what) {
  return read_varint(in, "the length of " + with_article(what));
}

/// Whether a `T` may encode to no bytes at all (the empty tuple), which a
/// vector's length check (one byte per element at least) cannot allow.
template <class T>
constexpr bool may_encode_empty = false;

template <class... Ts>
constexpr bool may_encode_empty<std::tuple<Ts...>> = (may_encode_empty<Ts> &&
                                                      ...);

template <class A, class B>
constexpr bool may_encode_empty<std::pair<A, B>> =
    may_encode_empty<A>&& may_encode_empty<B>;

template <class T>
concept plain_integer = std::integral<T> && !std::same_as<T, bool>;

} // namespace detail

template <>
struct value_codec<bool> {
  static void encode(bool x, std::string& out) { out.push_back(x ? 1 : 0); }

  static caf::expected<bool> decode(std::string_view& in) {
    if (in.empty())
      return detail::decode_error("a bool needs 1 byte but none remain");
    auto byte = static_cast<unsigned char>(in.front());
    if (byte > 1)
      return detail::decode_error("a bool is " + std::to_string(byte) +
                                  ", neither 0 nor 1");
    in.remove_prefix(1);
    return byte == 1;
  }

  static nlohmann::json to_json(bool x) { return x; }

  static std::string name() { return "bool"; }
};

template <detail::plain_integer T>
struct value_codec<T> {
  using unsigned_type = std::make_unsigned_t<T>;

  static void encode(T x, std::string& out) {
    if constexpr (sizeof(T) == 1)
      out.push_back(static_cast<char>(x));
    else
      detail::append_varint(zigzag(x), out);
  }

  static caf::expected<T> decode(std::string_view& in) {
    if constexpr (sizeof(T) == 1) {
      auto bits = detail::read_little_endian<unsigned_type>(in, name());
      if (!bits)
        return bits.error();
      return static_cast<T>(*bits);
    } else {
      auto n = detail::read_varint(in, detail::with_article(name()));
      if (!n)
        return n.error();
      if (*n > std::numeric_limits<unsigned_type>::max())
        return detail::decode_error(detail::with_article(name()) +
                                    " is out of its range (" +
                                    std::to_string(*n) + " as a varint)");
      return unzigzag(static_cast<unsigned_type>(*n));
    }
  }

  // Widened so that character types (char16_t, ...) are numbers too.
  static nlohmann::json to_json(T x) {
    if constexpr (std::is_signed_v<T>)
      return static_cast<int64_t>(x);
    else
      return static_cast<uint64_t>(x);
  }

  static std::string name() {
    return (std::is_signed_v<T> ? "int" : "uint") +
           std::to_string(8 * sizeof(T));
  }

private:
  // Signed values interleave: 0, -1, 1, -2, ... -> 0, 1, 2, 3, ...
  static uint64_t zigzag(T x) {
    auto bits = static_cast<unsigned_type>(x);
    if constexpr (std::is_signed_v<T>)
      return static_cast<unsigned_type>(bits << 1) ^
             static_cast<unsigned_type>(x < 0 ? ~unsigned_type{0} : 0);
    else
      return bits;
  }

  static T unzigzag(unsigned_type n) {
    if constexpr (std::is_signed_v<T>)
      // Two's complement: C++20 defines the conversion back as modular.
      return static_cast<T>(static_cast<unsigned_type>(n >> 1) ^
                            static_cast<unsigned_type>(-(n & 1)));
    else
      return n;
  }
};

template <class T>
requires std::same_as<T, float> || std::same_as<T, double>
struct value_codec<T> {
  static_assert(std::numeric_limits<T>::is_iec559,
                "the format stores IEEE 754 floating point");

  using bits_type = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;

  static void encode(T x, std::string& out) {
    detail::append_little_endian(std::bit_cast<bits_type>(x), out);
  }

  static caf::expected<T> decode(std::string_view& in) {
    auto bits = detail::read_little_endian<bits_type>(in, name());
    if (!bits)
      return bits.error();
    return std::bit_cast<T>(*bits);
  }

  // NaN and infinities have no JSON form; nlohmann renders them as null.
  static nlohmann::json to_json(T x) { return static_cast<double>(x); }

  static std::string name() { return sizeof(T) == 4 ? "float" : "double"; }
};

template <>
struct value_codec<std::string> {
  static void encode(const std::string& x, std::string& out) {
    detail::append_length(x.size(), out);
    out.append(x);
  }

  static caf::expected<std::string> decode(std::string_view& in) {
    auto length = detail::read_length(in, "string");
    if (!length)
      return length.error();
    // Checked before allocating: a corrupt length must not reserve GBs.
    if (*length > in.size())
      return detail::decode_error("a string of " + std::to_string(*length) +
                                  " bytes has only " +
                                  std::to_string(in.size()) + " left");
    std::string result{in.substr(0, *length)};
    in.remove_prefix(*length);
    return result;
  }

  static nlohmann::json to_json(const std::string& x) { return x; }

  static std::string name() { return "string"; }
};

template <codable T>
struct value_codec<std::optional<T>> {
  static void encode(const std::optional<T>& x, std::string& out) {
    out.push_back(x ? 1 : 0);
    if (x)
      value_codec<T>::encode(*x, out);
  }

  static caf::expected<std::optional<T>> decode(std::string_view& in) {
    if (in.empty())
      return detail::decode_error("an " + name() +
                                  " needs 1 byte but none remain");
    auto flag = static_cast<unsigned char>(in.front());
    if (flag > 1)
      return detail::decode_error("the flag of an " + name() + " is " +
                                  std::to_string(flag) + ", neither 0 nor 1");
    in.remove_prefix(1);
    if (flag == 0)
      return std::optional<T>{};
    auto value = value_codec<T>::decode(in);
    if (!value)
      return value.error();
    return std::optional<T>{std::move(*value)};
  }

  static nlohmann::json to_json(const std::optional<T>& x) {
    return x ? nlohmann::json(value_codec<T>::to_json(*x)) : nlohmann::json();
  }

  static std::string name() {
    return "optional<" + detail::codec_name<T>() + ">";
  }
};

template <codable... Ts>
struct value_codec<std::tuple<Ts...>> {
  static void encode(const std::tuple<Ts...>& x, std::string& out) {
    std::apply(
        [&](const Ts&... xs) { (value_codec<Ts>::encode(xs, out), ...); }, x);
  }

  static caf::expected<std::tuple<Ts...>> decode(std::string_view& in) {
    return decode_from<0>(in, std::tuple<>{});
  }

  static nlohmann::json to_json(const std::tuple<Ts...>& x) {
    auto result = nlohmann::json::array();
    std::apply(
        [&](const Ts&... xs) {
          (result.push_back(value_codec<Ts>::to_json(xs)), ...);
        },
        x);
    return result;
  }

  static std::string name() {
    std::string result = "tuple<";
    ((result += detail::codec_name<Ts>(), result += ", "), ...);
    if constexpr (sizeof...(Ts) > 0)
      result.resize(result.size() - 2);
    return result + ">";
  }

private:
  // Decodes element I onwards after `done`, the elements before it: no
  // element needs to be default-constructible.
  template <size_t I, class... Done>
  static caf::expected<std::tuple<Ts...>>
  decode_from(std::string_view& in, std::tuple<Done...>&& done) {
    if constexpr (I == sizeof...(Ts)) {
      return std::tuple<Ts...>{std::move(done)};
    } else {
      using element = std::tuple_element_t<I, std::tuple<Ts...>>;
      auto value = value_codec<element>::decode(in);
      if (!value)
        return value.error();
      return decode_from<I + 1>(
          in, std::tuple_cat(std::move(done),
                             std::tuple<element>{std::move(*value)}));
    }
  }
};

template <codable A, codable B>
struct value_codec<std::pair<A, B>> {
  static void encode(const std::pair<A, B>& x, std::string& out) {
    value_codec<A>::encode(x.first, out);
    value_codec<B>::encode(x.second, out);
  }

  static caf::expected<std::pair<A, B>> decode(std::string_view& in) {
    auto first = value_codec<A>::decode(in);
    if (!first)
      return first.error();
    auto second = value_codec<B>::decode(in);
    if (!second)
      return second.error();
    return std::pair<A, B>{std::move(*first), std::move(*second)};
  }

  static nlohmann::json to_json(const std::pair<A, B>& x) {
    return nlohmann::json::array(
        {value_codec<A>::to_json(x.first), value_codec<B>::to_json(x.second)});
  }

  static std::string name() {
    return "pair<" + detail::codec_name<A>() + ", " + detail::codec_name<B>() +
           ">";
  }
};

template <codable T>
struct value_codec<std::vector<T>> {
  static_assert(!detail::may_encode_empty<T>,
                "a vector's elements must encode to at least one byte, so "
                "that a corrupt length cannot make decoding loop: not "
                "std::tuple<>");

  static void encode(const std::vector<T>& xs, std::string& out) {
    detail::append_length(xs.size(), out);
    for (const auto& x : xs)
      value_codec<T>::encode(x, out);
  }

  static caf::expected<std::vector<T>> decode(std::string_view& in) {
    auto count = detail::read_length(in, name());
    if (!count)
      return count.error();
    // Every element takes a byte at least: this bounds the reservation.
    if (*count > in.size())
      return detail::decode_error(
          "a " + name() + " of " + std::to_string(*count) +
          " elements has only " + std::to_string(in.size()) + " bytes left");
    std::vector<T> result;
    result.reserve(*count);
    for (uint64_t i = 0; i < *count; ++i) {
      auto x = value_codec<T>::decode(in);
      if (!x)
        return detail::decode_error("element " + std::to_string(i) + " of a " +
                                    name() + ": " +
                                    detail::context_of(x.error()));
      result.push_back(std::move(*x));
    }
    return result;
  }

  static nlohmann::json to_json(const std::vector<T>& xs) {
    auto result = nlohmann::json::array();
    for (const auto& x : xs)
      result.push_back(value_codec<T>::to_json(x));
    return result;
  }

  static std::string name() {
    return "vector<" + detail::codec_name<T>() + ">";
  }
};

/// Sets `out` to the bytes of `x` (reusing its capacity).
template <codable T>
void encode_value(const T& x, std::string& out) {
  out.clear();
  value_codec<T>::encode(x, out);
}

/// Reads a `T` that is all of `whole`. Fails with ec::storage_failure,
/// naming the type and what is wrong, when the bytes end early, are no
/// `T`, or bytes remain after it.
template <codable T>
[[nodiscard]] caf::expected<T> decode_value(std::string_view whole) {
  auto size = whole.size();
  auto x = value_codec<T>::decode(whole);
  if (!x)
    return detail::decode_error("cannot decode " +
                                detail::with_article(detail::codec_name<T>()) +
                                " from " + detail::byte_count(size) + ": " +
                                detail::context_of(x.error()));
  if (!whole.empty())
    return detail::decode_error(detail::byte_count(whole.size()) +
                                " left after " +
                                detail::with_article(detail::codec_name<T>()) +
                                " in " + detail::byte_count(size));
  return x;
}

/// The JSON form of `x`.
template <codable T>
nlohmann::json value_to_json(const T& x) {
  return value_codec<T>::to_json(x);
}

} // namespace eddy
