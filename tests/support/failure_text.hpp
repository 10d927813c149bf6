// What a test checks of a failed caf::expected: its code, then its text.
#pragma once

#include <string>
#include <string_view>

#include <doctest/doctest.h>

#include "caf/expected.hpp"

#include "messages/error.hpp"

namespace eddy::test {

/// describe() of `result`'s error, after checking its code is `code`;
/// fails the test if `result` succeeded.
template <class T>
std::string failure_text(const caf::expected<T>& result, ec code) {
  REQUIRE_FALSE(result);
  CHECK(result.error() == code);
  return describe(result.error());
}

inline bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

} // namespace eddy::test
