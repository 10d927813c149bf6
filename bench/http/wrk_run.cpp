// Starts wrk as a child and checks that every request it made succeeded.
#include "bench/http/wrk_run.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string_view>

#include "bench/common/bench_failure.hpp"
#include "bench/common/child_program.hpp"
#include "bench/common/progress.hpp"
#include "bench/http/bench_options.hpp"

namespace eddy::bench::http {

namespace {

/// How much longer than its -d and its request timeout (it waits that long
/// for the last answers) a wrk run may take: the machine is shared.
constexpr std::chrono::seconds wrk_grace{60};

bool is_on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "/usr/bin:/bin";
  while (!dirs.empty()) {
    auto colon = dirs.find(':');
    auto dir = dirs.substr(0, colon);
    auto candidate = std::string{dir.empty() ? "." : dir} + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0)
      return true;
    if (colon == std::string_view::npos)
      break;
    dirs.remove_prefix(colon + 1);
  }
  return false;
}

} // namespace

void require_wrk() {
  if (!is_on_path("wrk"))
    throw bench_failure{"wrk is not installed (not on PATH): install the "
                        "Debian package wrk (apt-get install wrk, or "
                        "scripts/install-deps.sh)"};
}

wrk_report run_wrk(uint16_t port, const std::string& script, int seconds,
                   int timeout_seconds, const std::string& server) {
  child_program wrk{"wrk",
                    {"-t" + std::to_string(wrk_threads),
                     "-c" + std::to_string(wrk_connections),
                     "-d" + std::to_string(seconds) + "s", "--timeout",
                     std::to_string(timeout_seconds) + "s", "--latency", "-s",
                     script, "http://127.0.0.1:" + std::to_string(port) + "/"}};
  auto done =
      wrk.finish(std::chrono::seconds{seconds + timeout_seconds} + wrk_grace);
  if (done.exit_code != 0)
    throw bench_failure{"wrk against " + server + " exited with " +
                        std::to_string(done.exit_code) + "; its output:\n" +
                        done.output};
  auto report = parse_wrk_output(done.output);
  if (report.error_responses > 0 || report.socket_errors > 0)
    throw bench_failure{"wrk against " + server + " got " +
                        with_commas(report.error_responses) +
                        " error responses and " +
                        with_commas(report.socket_errors) +
                        " socket errors; its output:\n" + done.output};
  return report;
}

} // namespace eddy::bench::http
