// Checks configuration values against their key's declaration.
#include "config/key_spec.hpp"

#include <charconv>
#include <cmath>

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
  }
  return false;
}

} // namespace

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
