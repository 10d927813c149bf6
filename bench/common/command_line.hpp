// Pieces of the benchmark programs' command lines.
#pragma once

#include <cstdint>
#include <string_view>

namespace eddy::bench {

/// `text` as a positive integer; throws bench_failure naming `flag`.
uint64_t positive_number(std::string_view flag, std::string_view text);

} // namespace eddy::bench
