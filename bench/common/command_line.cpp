// Parses flags and their values.
#include "bench/common/command_line.hpp"

#include <algorithm>
#include <charconv>

namespace eddy::bench {

common_flags parse_flags(
    int argc, const char* const* argv,
    const std::function<void(std::string_view, std::string_view)>& on_value) {
  common_flags flags;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      flags.help = true;
    } else if (flag == "--quick") {
      flags.quick = true;
    } else if (!flag.starts_with("--")) {
      throw unknown_flag(flag);
    } else if (i + 1 >= argc) {
      throw bench_failure{std::string{flag} + ": needs a value"};
    } else {
      on_value(flag, argv[++i]);
    }
  }
  return flags;
}

bench_failure unknown_flag(std::string_view flag) {
  return bench_failure{std::string{flag} + ": unknown flag; see --help"};
}

uint64_t positive_number(std::string_view flag, std::string_view text) {
  uint64_t value = 0;
  auto [end, err] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (err != std::errc{} || end != text.data() + text.size() || value == 0)
    throw bench_failure{std::string{flag} +
                        ": expected a positive integer, got \"" +
                        std::string{text} + "\""};
  return value;
}

int bounded_number(std::string_view flag, std::string_view text, int most) {
  return static_cast<int>(std::min<uint64_t>(positive_number(flag, text),
                                             static_cast<uint64_t>(most)));
}

std::pair<std::string, std::string> key_value(std::string_view flag,
                                              std::string_view text) {
  auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0)
    throw bench_failure{std::string{flag} + ": expected KEY=VALUE, got \"" +
                        std::string{text} + "\""};
  return {std::string{text.substr(0, eq)}, std::string{text.substr(eq + 1)}};
}

std::string one_of(std::string_view flag, std::string_view text,
                   const std::vector<std::string>& names) {
  if (std::find(names.begin(), names.end(), text) != names.end())
    return std::string{text};
  std::string listed;
  for (auto& name : names)
    listed += (listed.empty() ? "" : ", ") + name;
  throw bench_failure{std::string{flag} + ": expected one of " + listed +
                      ", got \"" + std::string{text} + "\""};
}

} // namespace eddy::bench
