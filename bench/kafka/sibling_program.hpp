// Where the programs this benchmark starts live by default: next to it, in
// the build's bin/ directory.
#pragma once

#include <string>

namespace eddy::bench {

/// `given` if not empty, else the path of program `name` in the directory
/// of the running program. Throws bench_failure if /proc/self/exe cannot be
/// read.
std::string sibling_program(const std::string& given, const std::string& name);

} // namespace eddy::bench
