// Checks configuration values against their key's declaration.
#include "config/key_spec.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "messages/error.hpp"
#include "messages/quoted_excerpt.hpp"

namespace eddy {

namespace {

template <class T>
std::string number_text(T value) {
  char buf[64];
  auto result = std::to_chars(buf, buf + sizeof(buf), value);
  return std::string(buf, result.ptr);
}

bool is_choice(std::string_view choices, std::string_view text) {
  for (;;) {
    auto bar = choices.find('|');
    if (choices.substr(0, bar) == text)
      return true;
    if (bar == std::string_view::npos)
      return false;
    choices.remove_prefix(bar + 1);
  }
}

/// Whether `text` is empty or printable ASCII without spaces: what a secret
/// such as a bearer token may hold, so that it survives a header or an
/// environment variable unchanged.
bool is_secret_text(std::string_view text) {
  for (char c : text)
    if (c <= ' ' || c > '~')
      return false;
  return true;
}

/// Parses all of `text` as a T, or fails.
template <class T>
bool parse_number(std::string_view text, T& out) {
  const char* last = text.data() + text.size();
  auto result = std::from_chars(text.data(), last, out);
  return result.ec == std::errc{} && result.ptr == last;
}

/// A duration unit and how many milliseconds one of it is, largest first so
/// that `duration_text` can pick the largest that fits. "m" is left out on
/// purpose: minutes or months is a guess nobody should have to make.
struct duration_unit {
  std::string_view name;
  int64_t ms;
};

constexpr duration_unit duration_units[] = {
    {"d", 86'400'000}, {"h", 3'600'000}, {"min", 60'000},
    {"s", 1'000},      {"ms", 1},
};

/// Parses `text` as decimal digits followed directly by a unit (none means
/// milliseconds) into milliseconds, or fails: on a sign, a space, a fraction,
/// an unknown unit, no digits, or a value that milliseconds in an int64_t
/// cannot hold.
bool parse_duration(std::string_view text, int64_t& out_ms) {
  auto unit_start = std::min(text.find_first_not_of("0123456789"), text.size());
  if (unit_start == 0)
    return false;
  auto unit = text.substr(unit_start);
  int64_t per_unit = unit.empty() ? 1 : 0;
  for (const auto& candidate : duration_units)
    if (candidate.name == unit)
      per_unit = candidate.ms;
  if (per_unit == 0)
    return false;
  int64_t count = 0;
  if (!parse_number(text.substr(0, unit_start), count))
    return false; // more digits than an int64_t holds
  if (count > std::numeric_limits<int64_t>::max() / per_unit)
    return false;
  out_ms = count * per_unit;
  return true;
}

/// Converts `text` into `out` if `spec` accepts it. (Filling an out
/// parameter sidesteps a GCC 12 -Wmaybe-uninitialized false positive on
/// returning the variant under -fsanitize=address at -O2.)
bool convert(const key_spec& spec, std::string_view text, setting_value& out) {
  switch (spec.kind) {
  case value_kind::string:
    if (text.empty())
      return false;
    out.emplace<std::string>(text);
    return true;
  case value_kind::choice:
    if (!is_choice(spec.choices, text))
      return false;
    out.emplace<std::string>(text);
    return true;
  case value_kind::integer: {
    int64_t number = 0;
    if (!parse_number(text, number) || number < spec.min_int ||
        number > spec.max_int)
      return false;
    out = number;
    return true;
  }
  case value_kind::real: {
    double number = 0;
    // from_chars accepts "nan" and "inf", which no bound check rejects.
    if (!parse_number(text, number) || !std::isfinite(number) ||
        number < spec.min_real || number > spec.max_real)
      return false;
    out = number;
    return true;
  }
  case value_kind::boolean:
    if (text != "true" && text != "false")
      return false;
    out = text == "true";
    return true;
  case value_kind::secret:
    if (!is_secret_text(text))
      return false;
    out.emplace<std::string>(text);
    return true;
  case value_kind::duration: {
    int64_t ms = 0;
    if (!parse_duration(text, ms) || ms < spec.min_int || ms > spec.max_int)
      return false;
    out = std::chrono::milliseconds{ms};
    return true;
  }
  }
  return false;
}

} // namespace

// `ms` in the largest unit that holds it exactly: 3600000 is "1h", 1500
// is "1500ms", so that bounds read as a person would write them.
std::string duration_text(int64_t ms) {
  for (const auto& unit : duration_units)
    if (ms != 0 && ms % unit.ms == 0)
      return number_text(ms / unit.ms) + std::string{unit.name};
  return number_text(ms) + "ms";
}

caf::expected<setting_value> parse_value(const key_spec& spec,
                                         std::string_view text,
                                         std::string_view source) {
  setting_value value;
  if (convert(spec, text, value))
    return value;
  std::string message{spec.name};
  message += ": expected ";
  message += accepted_values(spec);
  message += ", got ";
  // A secret is never echoed, not even a rejected one: it may be the right
  // value with a stray character.
  message += spec.kind == value_kind::secret
                 ? "a value that is not shown because the key is secret"
                 : quoted_excerpt(text);
  message += " (from ";
  message += source;
  message += ')';
  return make_error(ec::invalid_config, std::move(message));
}

std::string accepted_values(const key_spec& spec) {
  switch (spec.kind) {
  case value_kind::string:
    return "a non-empty string";
  case value_kind::integer:
    return "an integer in [" + number_text(spec.min_int) + ", " +
           number_text(spec.max_int) + "]";
  case value_kind::real:
    return "a number in [" + number_text(spec.min_real) + ", " +
           number_text(spec.max_real) + "]";
  case value_kind::boolean:
    return "true or false";
  case value_kind::choice:
    return "one of " + std::string{spec.choices};
  case value_kind::secret:
    return "empty or printable ASCII without spaces";
  case value_kind::duration:
    return "a duration such as 500ms, 30s, 5min, 1h or 1d (plain integers are "
           "milliseconds) in [" +
           duration_text(spec.min_int) + ", " + duration_text(spec.max_int) +
           "]";
  }
  return "nothing";
}

std::string environment_name(std::string_view key) {
  std::string name = "EDDY_";
  name.reserve(name.size() + key.size());
  for (char c : key) {
    if (c == '.' || c == '-')
      name += '_';
    else if (c >= 'a' && c <= 'z')
      name += static_cast<char>(c - 'a' + 'A');
    else
      name += c;
  }
  return name;
}

} // namespace eddy
