// Parses flag values.
#include "bench/common/command_line.hpp"

#include <charconv>
#include <string>

#include "bench/common/bench_failure.hpp"

namespace eddy::bench {

uint64_t positive_number(std::string_view flag, std::string_view text) {
  uint64_t value = 0;
  auto [end, err] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (err != std::errc{} || end != text.data() + text.size() || value == 0)
    throw bench_failure{std::string{flag} +
                        ": expected a positive integer, got \"" +
                        std::string{text} + "\""};
  return value;
}

} // namespace eddy::bench
