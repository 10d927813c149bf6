// Unit tests for the bounded-out-of-orderness watermark, which ingresses
// derive from the event times of the records they read.
#include "actors/watermark.hpp"

#include <doctest/doctest.h>

#include <chrono>
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

TEST_CASE("a watermark beyond the wall clock plus max.future is held back "
          "to it") {
  using namespace std::chrono_literals;
  auto limit = eddy::future_limit(1'700'000'000'000, 1h);
  CHECK(limit == 1'700'003'600'000);
  CHECK(eddy::clamp_watermark(std::numeric_limits<int64_t>::max() - 1, limit) ==
        limit);
  CHECK(eddy::clamp_watermark(1'700'000'000'000, limit) == 1'700'000'000'000);
}

TEST_CASE("the markers for no watermark and an idle input pass the clamp as "
          "they are") {
  using namespace std::chrono_literals;
  auto limit = eddy::future_limit(1'700'000'000'000, 1h);
  CHECK(eddy::clamp_watermark(eddy::no_watermark, limit) == eddy::no_watermark);
  CHECK(eddy::clamp_watermark(eddy::idle_watermark, limit) ==
        eddy::idle_watermark);
}

TEST_CASE("without max.future, or with a wall clock at the end of time, "
          "nothing is held back") {
  using namespace std::chrono_literals;
  CHECK(eddy::future_limit(1'700'000'000'000, 0ms) == eddy::idle_watermark);
  CHECK(eddy::future_limit(std::numeric_limits<int64_t>::max() - 10, 1h) ==
        eddy::idle_watermark);
}
