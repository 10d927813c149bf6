// What every fuzz target uses: the input as text, and a check that stops
// the run (assert is compiled out in RelWithDebInfo builds), so that
// libFuzzer keeps the input that broke a property.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace eddy::fuzz {

/// The input bytes as a string_view (any bytes, not only text).
inline std::string_view text_of(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Prints `property` and aborts unless `holds`.
inline void check(bool holds, const char* property) {
  if (holds)
    return;
  std::fprintf(stderr, "fuzz property broken: %s\n", property);
  std::abort();
}

} // namespace eddy::fuzz
