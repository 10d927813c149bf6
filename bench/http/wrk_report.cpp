// Reads wrk's human-readable report: it has no machine-readable one short of
// a Lua done() hook, and these lines have been stable since wrk 4.0.
#include "bench/http/wrk_report.hpp"

#include <cstdio>
#include <sstream>
#include <string_view>

#include "bench/common/bench_failure.hpp"

namespace eddy::bench::http {

namespace {

// "250.00us", "1.20ms", "2.00s" (wrk's units) in milliseconds; negative if
// it is none of them.
double to_ms(double value, std::string_view unit) {
  if (unit == "us")
    return value / 1000;
  if (unit == "ms")
    return value;
  if (unit == "s")
    return value * 1000;
  if (unit == "m")
    return value * 60'000;
  return -1;
}

// The latency of a "     99%    1.20ms" line, if `line` is one for `percent`.
bool read_percentile(const std::string& line, const char* percent, double& ms) {
  char label[8] = {};
  char unit[8] = {};
  double value = 0;
  if (std::sscanf(line.c_str(), " %7[0-9.%] %lf%7s", label, &value, unit) !=
          3 ||
      std::string_view{label} != percent)
    return false;
  ms = to_ms(value, unit);
  return ms >= 0;
}

} // namespace

wrk_report parse_wrk_output(const std::string& output) {
  wrk_report report;
  bool has_rate = false;
  bool has_p50 = false;
  bool has_p99 = false;
  std::istringstream lines{output};
  for (std::string line; std::getline(lines, line);) {
    unsigned long long a = 0, b = 0, c = 0, d = 0;
    if (std::sscanf(line.c_str(), " Requests/sec: %lf",
                    &report.requests_per_second) == 1)
      has_rate = true;
    else if (read_percentile(line, "50%", report.p50_ms))
      has_p50 = true;
    else if (read_percentile(line, "99%", report.p99_ms))
      has_p99 = true;
    else if (std::sscanf(line.c_str(), " Non-2xx or 3xx responses: %llu", &a) ==
             1)
      report.error_responses = a;
    else if (std::sscanf(line.c_str(),
                         " Socket errors: connect %llu, read %llu, write "
                         "%llu, timeout %llu",
                         &a, &b, &c, &d) == 4)
      report.socket_errors = a + b + c + d;
    else if (line.find(" requests in ") != std::string::npos &&
             std::sscanf(line.c_str(), " %llu requests in", &a) == 1)
      report.requests = a;
  }
  if (!has_rate || !has_p50 || !has_p99)
    throw bench_failure{"wrk printed no Requests/sec or no 50% and 99% "
                        "latency lines; its output:\n" +
                        output};
  return report;
}

} // namespace eddy::bench::http
