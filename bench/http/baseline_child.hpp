// The minimal Beast server (eddy-bench-http-baseline) as a child process.
#pragma once

#include <cstdint>
#include <string>

#include "bench/common/child_program.hpp"

namespace eddy::bench::http {

class baseline_child {
public:
  /// Starts `program` with `threads` I/O threads and waits until it printed
  /// its port. Throws bench_failure, quoting its output, if it does not.
  baseline_child(const std::string& program, int threads);

  uint16_t port() const { return port_; }

  pid_t pid() const { return program_.pid(); }

private:
  child_program program_;
  uint16_t port_ = 0;
};

} // namespace eddy::bench::http
