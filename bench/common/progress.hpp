// Progress lines on stderr while the benchmarks run, each stamped with the
// seconds since the program started, so a long priming step shows it moves.
#pragma once

#include <cstdint>
#include <string>

namespace eddy::bench {

/// Prints `line` to stderr with the time since start.
void progress(const std::string& line);

/// The local date and time, "2026-11-22 10:29", for a table's heading.
std::string today();

/// `n` with thousands separators: 1,000,000.
std::string with_commas(uint64_t n);

} // namespace eddy::bench
