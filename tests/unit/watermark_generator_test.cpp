// Watermarks per input partition at an ingress: the newest timestamp less
// the bound, the lowest across inputs, and idle inputs left out.
#include "actors/watermark_generator.hpp"

#include <limits>

#include <doctest/doctest.h>

using namespace eddy;
using namespace std::chrono_literals;

namespace {

const source_partition a{"topic", 0};
const source_partition b{"topic", 1};

} // namespace

TEST_CASE("before any timestamp the generator holds no one back") {
  watermark_generator gen{100, 0ms};
  CHECK(gen.current(watermark_generator::clock::now()) == idle_watermark);
}

TEST_CASE("one input's watermark trails its newest timestamp by the bound "
          "plus one") {
  watermark_generator gen{100, 0ms};
  auto now = watermark_generator::clock::now();
  gen.observe(a, 1000, now);
  gen.observe(a, 900, now); // out of order: no step back
  CHECK(gen.current(now) == 899);
}

TEST_CASE("the watermark is the lowest over the inputs") {
  watermark_generator gen{0, 0ms};
  auto now = watermark_generator::clock::now();
  gen.observe(a, 5000, now);
  gen.observe(b, 1000, now);
  CHECK(gen.current(now) == 999);
}

TEST_CASE("an input quiet for the idle timeout no longer holds the "
          "watermark back, and holds it again once it sends") {
  watermark_generator gen{0, 200ms};
  auto start = watermark_generator::clock::now();
  gen.observe(a, 5000, start);
  gen.observe(b, 1000, start);
  auto later = start + 150ms;
  gen.observe(a, 6000, later);
  CHECK(gen.current(later) == 999);
  auto idle = start + 250ms;
  CHECK(gen.current(idle) == 5999);
  gen.touch(b, idle);
  CHECK(gen.current(idle) == 999);
}

TEST_CASE("with every input idle the watermark is the most advanced "
          "input's: none holds the others back") {
  watermark_generator gen{0, 100ms};
  auto start = watermark_generator::clock::now();
  gen.observe(a, 5000, start);
  gen.observe(b, 1000, start);
  CHECK(gen.current(start + 1s) == 4999);
}

TEST_CASE("an input that announced itself holds the watermark back until "
          "its first record, or until it goes idle") {
  watermark_generator gen{0, 200ms};
  auto start = watermark_generator::clock::now();
  gen.touch(b, start); // assigned, nothing read yet
  gen.observe(a, 5000, start);
  CHECK(gen.current(start) == std::numeric_limits<int64_t>::min());
  gen.observe(b, 3000, start + 50ms);
  CHECK(gen.current(start + 50ms) == 2999);
  CHECK(gen.current(start + 300ms) == 4999); // b idle since 50 ms
}
