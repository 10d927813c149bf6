// Runs wrk, the HTTP load generator issue 5's figures are stated with.
#pragma once

#include <cstdint>
#include <string>

#include "bench/http/wrk_report.hpp"

namespace eddy::bench::http {

/// Throws bench_failure naming the Debian package if wrk is not on PATH.
/// The benchmark calls it first, before it spends minutes priming.
void require_wrk();

/// Runs `wrk -t2 -c64 -d<seconds>s --timeout <timeout>s --latency -s <script>`
/// against http://127.0.0.1:<port>/ and returns what it measured. Throws
/// bench_failure, quoting wrk's output and naming `server`, if wrk fails,
/// if any response had an error status or any socket error occurred (the
/// rate would count failures as served), or if it runs far too long.
wrk_report run_wrk(uint16_t port, const std::string& script, int seconds,
                   int timeout_seconds, const std::string& server);

} // namespace eddy::bench::http
