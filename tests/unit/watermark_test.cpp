// Unit tests for the bounded-out-of-orderness watermark, which ingresses
// derive from the event times of the records they read.
#include "actors/watermark.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>

using eddy::bounded_out_of_orderness;

TEST_CASE("the watermark is INT64_MIN before any record") {
  bounded_out_of_orderness watermark{5000};
  CHECK(watermark.current() == std::numeric_limits<int64_t>::min());
}

TEST_CASE("the watermark trails the newest timestamp by the delay plus one "
          "and ignores older ones") {
  bounded_out_of_orderness watermark{5000};
  watermark.observe(20000);
  watermark.observe(12000);
  CHECK(watermark.current() == 14999);
}
