// Rates from sampled running totals: the last second and the last ten,
// per name, from samples at steady times.
#include "actors/rate_sampler.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>

using namespace eddy;
using namespace std::chrono_literals;

namespace {

// A sampler whose own thread samples nothing, so the test's samples are
// the only ones.
struct quiet_sampler {
  rate_sampler sampler{
      [] { return std::vector<std::pair<std::string, uint64_t>>{}; }};
  rate_sampler::clock::time_point start = rate_sampler::clock::now();

  void at(std::chrono::milliseconds t, uint64_t total) {
    sampler.sample(start + t, {{"partition/0", total}});
  }

  actor_rate rate() {
    auto rates = sampler.rates();
    REQUIRE(rates.size() == 1);
    CHECK(rates[0].actor == "partition/0");
    return rates[0];
  }
};

} // namespace

TEST_CASE("a rate needs two samples") {
  quiet_sampler q;
  q.at(0ms, 5);
  CHECK(q.sampler.rates().empty());
  q.at(1000ms, 105);
  CHECK(q.rate().per_second_1s == doctest::Approx(100));
}

TEST_CASE("the 1 s rate follows the last second, the 10 s rate the last ten") {
  quiet_sampler q;
  uint64_t total = 0;
  for (int s = 0; s <= 10; ++s) {
    q.at(std::chrono::seconds{s}, total);
    total += 100; // 100 per second for ten seconds
  }
  CHECK(q.rate().per_second_1s == doctest::Approx(100));
  CHECK(q.rate().per_second_10s == doctest::Approx(100));
  // Then a second at 1,100 per second.
  q.at(11s, 1000 + 1100);
  CHECK(q.rate().per_second_1s == doctest::Approx(1100));
  CHECK(q.rate().per_second_10s == doctest::Approx((2100.0 - 100) / 10));
}

TEST_CASE("rates keep ten seconds of samples, however long they run") {
  quiet_sampler q;
  for (int s = 0; s <= 100; ++s)
    q.at(std::chrono::seconds{s}, static_cast<uint64_t>(s) * 7);
  CHECK(q.rate().per_second_10s == doctest::Approx(7));
}

TEST_CASE("the sampler's thread samples the totals it is given") {
  std::atomic<uint64_t> total{0};
  rate_sampler sampler{[&] {
                         total += 50;
                         return std::vector<std::pair<std::string, uint64_t>>{
                             {"sink/out", total.load()}};
                       },
                       10ms};
  for (int i = 0; i < 500 && sampler.rates().empty(); ++i)
    std::this_thread::sleep_for(10ms);
  auto rates = sampler.rates();
  REQUIRE(rates.size() == 1);
  CHECK(rates[0].actor == "sink/out");
  CHECK(rates[0].per_second_1s > 0);
}
