// What the benchmark programs' command lines share: --help and --quick,
// every other flag with a value, and checked numbers and names.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bench/common/bench_failure.hpp"

namespace eddy::bench {

/// The flags every program takes without a value.
struct common_flags {
  bool help = false;  // --help or -h
  bool quick = false; // --quick
};

/// Reads argv: --help, -h and --quick set `common_flags`; any other flag
/// takes the next argument as its value and goes to `on_value(flag,
/// value)`, which throws (see unknown_flag) for a flag it does not know.
/// Throws bench_failure for a flag without a value.
common_flags parse_flags(
    int argc, const char* const* argv,
    const std::function<void(std::string_view, std::string_view)>& on_value);

/// The error for a flag a program does not take.
bench_failure unknown_flag(std::string_view flag);

/// `text` as a positive integer; throws bench_failure naming `flag`.
uint64_t positive_number(std::string_view flag, std::string_view text);

/// The same, capped at `most`.
int bounded_number(std::string_view flag, std::string_view text, int most);

/// `text` as KEY=VALUE (an eddy setting, e.g. for --set); throws
/// bench_failure naming `flag`.
std::pair<std::string, std::string> key_value(std::string_view flag,
                                              std::string_view text);

/// `text` if it is one of `names`; throws bench_failure listing them.
std::string one_of(std::string_view flag, std::string_view text,
                   const std::vector<std::string>& names);

} // namespace eddy::bench
