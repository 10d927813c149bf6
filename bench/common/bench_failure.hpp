// Why a benchmark could not measure: a step failed or took too long. main
// prints it as one line and exits non-zero; a figure is never reported from
// a run that failed half-way.
#pragma once

#include <stdexcept>
#include <string>

namespace eddy::bench {

struct bench_failure : std::runtime_error {
  explicit bench_failure(const std::string& what) : std::runtime_error(what) {}
};

} // namespace eddy::bench
