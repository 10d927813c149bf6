// Starts eddy-bench-http-baseline and reads the port it listens on.
#include "bench/http/baseline_child.hpp"

#include <charconv>
#include <chrono>
#include <string_view>

#include "bench/common/bench_failure.hpp"

namespace eddy::bench::http {

namespace {

constexpr std::string_view listening_prefix = "listening on http://127.0.0.1:";

constexpr std::chrono::seconds start_timeout{30};

} // namespace

baseline_child::baseline_child(const std::string& program, int threads)
    : program_(program, {"--threads", std::to_string(threads)}) {
  auto line = program_.read_line(start_timeout);
  std::string_view rest = line;
  if (rest.starts_with(listening_prefix)) {
    rest.remove_prefix(listening_prefix.size());
    auto [end, err] =
        std::from_chars(rest.data(), rest.data() + rest.size(), port_);
    if (err != std::errc{} || end == rest.data() + rest.size() || *end != '/')
      port_ = 0;
  }
  if (port_ == 0)
    throw bench_failure{program + " printed \"" + line + "\" instead of \"" +
                        std::string{listening_prefix} + "PORT/\""};
}

} // namespace eddy::bench::http
