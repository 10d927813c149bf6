// Where the programs a benchmark starts live: next to the benchmark itself,
// in the build's bin/ directory.
#pragma once

#include <string>

namespace eddy::bench {

/// The path of program `name` in the directory of the running program.
/// Throws bench_failure if /proc/self/exe cannot be read.
std::string program_next_to_this(const std::string& name);

} // namespace eddy::bench
