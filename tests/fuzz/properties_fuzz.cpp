// Fuzzes the configuration readers (config/): the .properties parser, the
// EDDY_* environment, and the check of every value against its key
// (integers, reals, booleans, choices, secrets, durations such as `30s`).
// The input is a .properties file; each of its lines is also tried as an
// environment variable and each value against every key.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/key_spec.hpp"
#include "config/keys.hpp"
#include "config/properties.hpp"
#include "config/settings.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using namespace eddy;
using eddy::fuzz::check;

constexpr std::string_view blanks = " \t\f";

// Keys over the widest ranges, where overflow would show.
constexpr key_spec widest[] = {
    integer_key("fuzz.integer", "0", std::numeric_limits<int64_t>::min(),
                std::numeric_limits<int64_t>::max(), "any integer"),
    duration_key("fuzz.duration", "0", 0, std::numeric_limits<int64_t>::max(),
                 "any duration"),
    real_key("fuzz.real", "0", std::numeric_limits<double>::lowest(),
             std::numeric_limits<double>::max(), "any number"),
};

bool is_trimmed(std::string_view text) {
  return text.empty() || (blanks.find(text.front()) == std::string_view::npos &&
                          blanks.find(text.back()) == std::string_view::npos);
}

void check_entries(const std::vector<property>& entries) {
  std::set<std::string_view> keys;
  size_t line = 0;
  for (const auto& entry : entries) {
    check(!entry.key.empty() && is_trimmed(entry.key) &&
              entry.key.find('=') == std::string::npos,
          "a key is non-empty, trimmed and holds no '='");
    check(is_trimmed(entry.value), "a value is trimmed");
    check(entry.key.find('\n') == std::string::npos &&
              entry.value.find('\n') == std::string::npos,
          "no entry spans a newline");
    check(entry.line > line, "entries come in line order");
    line = entry.line;
    check(keys.insert(entry.key).second, "no key is set twice");
  }
}

// A value `spec` accepted is within what it declares.
void check_value(const key_spec& spec, const setting_value& value) {
  switch (spec.kind) {
  case value_kind::integer: {
    auto n = std::get<int64_t>(value);
    check(n >= spec.min_int && n <= spec.max_int, "an integer is in bounds");
    break;
  }
  case value_kind::duration: {
    auto ms = std::get<std::chrono::milliseconds>(value).count();
    check(ms >= spec.min_int && ms <= spec.max_int, "a duration is in bounds");
    break;
  }
  case value_kind::real: {
    auto x = std::get<double>(value);
    check(std::isfinite(x) && x >= spec.min_real && x <= spec.max_real,
          "a real is finite and in bounds");
    break;
  }
  case value_kind::string:
    check(!std::get<std::string>(value).empty(), "a string is not empty");
    break;
  case value_kind::boolean:
  case value_kind::choice:
  case value_kind::secret:
    break;
  }
}

void check_against_every_key(std::string_view text) {
  auto one = [&](const key_spec& spec) {
    if (auto value = parse_value(spec, text, "fuzz"))
      check_value(spec, *value);
  };
  for (const auto& spec : shared_keys().keys)
    one(spec);
  for (const auto& spec : widest)
    one(spec);
}

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    auto end = text.find('\n');
    lines.emplace_back(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  }
  return lines;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto text = eddy::fuzz::text_of(data, size);
  if (auto entries = parse_properties(text, "fuzz.properties")) {
    check_entries(*entries);
    // As settings::load applies a file: up to the first bad entry.
    auto cfg = settings::defaults();
    auto is_set = true;
    for (const auto& entry : *entries) {
      if (is_set)
        is_set = !cfg.set(entry.key, entry.value, "fuzz.properties");
      check_against_every_key(entry.value);
    }
  }
  check_against_every_key(text);
  static_cast<void>(settings::load({.environment = lines_of(text)}));
  return 0;
}
