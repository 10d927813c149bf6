// The declaration of one configuration key (name, type, bounds, default,
// description) and the check of a value against it.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "caf/expected.hpp"

namespace eddy {

/// What kind of value a key holds.
enum class value_kind : uint8_t {
  string,   // any non-empty text
  integer,  // a signed 64-bit decimal integer within [min_int, max_int]
  real,     // a finite decimal number within [min_real, max_real]
  boolean,  // exactly `true` or `false`
  choice,   // one of the '|'-separated `choices`
  secret,   // empty (not set) or printable ASCII without spaces; its value
            // is never shown in messages
  duration, // a non-negative integer followed directly by ms, s, min, h or d
            // (`30s`), or a plain integer of milliseconds, within
            // [min_int, max_int] milliseconds
};

/// `ms` in the largest unit that holds it exactly, as a duration key is
/// written: 3600000 is "1h", 1500 is "1500ms".
std::string duration_text(int64_t ms);

/// One configuration key. Each key is declared once, in keys.cpp.
struct key_spec {
  std::string_view name;
  value_kind kind = value_kind::string;
  std::string_view default_value; // as a .properties file would spell it
  std::string_view description;   // one line, for --help and .properties
  int64_t min_int = 0;            // inclusive bounds of an integer key, or
  int64_t max_int = 0;            // of a duration key in milliseconds
  double min_real = 0;            // inclusive bounds of a real key
  double max_real = 0;
  std::string_view choices; // the values of a choice key, e.g. "text|json"
};

/// A checked value: std::string for string, choice and secret keys, int64_t for
/// integer keys, double for real keys, bool for boolean keys,
/// std::chrono::milliseconds for duration keys.
using setting_value =
    std::variant<std::string, int64_t, double, bool, std::chrono::milliseconds>;

// Declare one key each, for the table in keys.cpp: `fallback` is the default
// as a .properties file spells it, bounds are inclusive, `choices` are
// separated by '|'. A unit test checks every default against its own bounds.

constexpr key_spec string_key(std::string_view name, std::string_view fallback,
                              std::string_view description) {
  return {name, value_kind::string, fallback, description, 0, 0, 0, 0, {}};
}

constexpr key_spec integer_key(std::string_view name, std::string_view fallback,
                               int64_t min, int64_t max,
                               std::string_view description) {
  return {name, value_kind::integer, fallback, description, min, max, 0, 0, {}};
}

constexpr key_spec real_key(std::string_view name, std::string_view fallback,
                            double min, double max,
                            std::string_view description) {
  return {name, value_kind::real, fallback, description, 0, 0, min, max, {}};
}

constexpr key_spec boolean_key(std::string_view name, std::string_view fallback,
                               std::string_view description) {
  return {name, value_kind::boolean, fallback, description, 0, 0, 0, 0, {}};
}

/// A secret's default is always empty, which means "not set".
constexpr key_spec secret_key(std::string_view name,
                              std::string_view description) {
  return {name, value_kind::secret, "", description, 0, 0, 0, 0, {}};
}

/// Bounds are in milliseconds, as is a plain-integer `fallback`, so that a
/// `*.ms` key turned into a duration key keeps every value it accepted.
constexpr key_spec duration_key(std::string_view name,
                                std::string_view fallback, int64_t min_ms,
                                int64_t max_ms, std::string_view description) {
  return {
      name, value_kind::duration, fallback, description, min_ms, max_ms, 0, 0,
      {}};
}

constexpr key_spec choice_key(std::string_view name, std::string_view fallback,
                              std::string_view choices,
                              std::string_view description) {
  return {name, value_kind::choice, fallback, description, 0, 0, 0, 0, choices};
}

/// Checks `text` against `spec` and converts it. On failure returns
/// `ec::invalid_config` naming the key, what it accepts, the value and
/// `source`, e.g.
///   http.port: expected an integer in [0, 65535], got "abc" (from --set)
/// A duration is held as milliseconds; one that overflows them is rejected
/// like any other bad value. For a secret key the message says what is wrong
/// with the value instead of quoting it.
[[nodiscard]] caf::expected<setting_value> parse_value(const key_spec& spec,
                                                       std::string_view text,
                                                       std::string_view source);

/// What `spec` accepts, for messages and --help: "an integer in [0, 65535]",
/// "a number in [0, 1]", "true or false", "one of text|json",
/// "a non-empty string", "empty or printable ASCII without spaces",
/// "a duration such as 500ms, 30s, 5min, 1h or 1d (plain integers are
/// milliseconds) in [10ms, 1h]" (bounds in the largest unit that fits them
/// exactly).
std::string accepted_values(const key_spec& spec);

/// The environment variable that sets `key`: "EDDY_" followed by the key
/// upper-cased, with '.' and '-' turned into '_' (http.port: EDDY_HTTP_PORT).
std::string environment_name(std::string_view key);

} // namespace eddy
