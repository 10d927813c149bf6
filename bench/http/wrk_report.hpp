// What one wrk run measured, read from what `wrk --latency` prints.
#pragma once

#include <cstdint>
#include <string>

namespace eddy::bench::http {

struct wrk_report {
  double requests_per_second = 0; // "Requests/sec:"
  double p50_ms = 0;              // the "Latency Distribution" lines
  double p99_ms = 0;
  uint64_t requests = 0; // "N requests in 10.00s, ..."
  /// "Non-2xx or 3xx responses: N" (wrk counts statuses of 400 and up).
  uint64_t error_responses = 0;
  /// "Socket errors: connect A, read B, write C, timeout D": their sum.
  uint64_t socket_errors = 0;
};

/// Parses wrk 4's output. Throws bench_failure, quoting the output, if it
/// lacks the Requests/sec line or the 50% and 99% latency lines.
wrk_report parse_wrk_output(const std::string& output);

} // namespace eddy::bench::http
