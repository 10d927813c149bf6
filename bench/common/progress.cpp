// Stamped progress lines on stderr.
#include "bench/common/progress.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace eddy::bench {

namespace {

const auto program_start = std::chrono::steady_clock::now();

} // namespace

void progress(const std::string& line) {
  std::chrono::duration<double> since =
      std::chrono::steady_clock::now() - program_start;
  std::fprintf(stderr, "[%7.1fs] %s\n", since.count(), line.c_str());
}

std::string today() {
  char buf[32];
  auto now = std::time(nullptr);
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", std::localtime(&now));
  return buf;
}

std::string with_commas(uint64_t n) {
  auto digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0)
      out += ',';
    out += digits[i];
  }
  return out;
}

} // namespace eddy::bench
