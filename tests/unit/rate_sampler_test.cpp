// Rates from sampled running totals: the last second and the last ten,
// per actor, from samples at steady times; and the share of the last
// second an actor was busy or backpressured.
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
  rate_sampler sampler{[] { return std::vector<actor_totals_sample>{}; }};
  rate_sampler::clock::time_point start = rate_sampler::clock::now();

  void at(std::chrono::milliseconds t, uint64_t total, uint64_t busy_ns = 0,
          uint64_t backpressured_ns = 0) {
    sampler.sample(start + t,
                   {{"partition/0", total, busy_ns, backpressured_ns}});
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
                         return std::vector<actor_totals_sample>{
                             {"sink/out", total.load(), 0, 0}};
                       },
                       10ms};
  for (int i = 0; i < 500 && sampler.rates().empty(); ++i)
    std::this_thread::sleep_for(10ms);
  auto rates = sampler.rates();
  REQUIRE(rates.size() == 1);
  CHECK(rates[0].actor == "sink/out");
  CHECK(rates[0].per_second_1s > 0);
}

TEST_CASE("busy and backpressured time over the last second are percentages "
          "that make the activity") {
  quiet_sampler q;
  q.at(0ms, 0, 0, 0);
  q.at(1000ms, 10, 700'000'000, 100'000'000);
  auto rate = q.rate();
  CHECK(rate.busy_percent == doctest::Approx(70));
  CHECK(rate.backpressured_percent == doctest::Approx(10));
  job_status job;
  job.partitions.push_back({});
  add_rates(job, q.sampler.rates());
  CHECK(job.partitions[0].load.busy_percent == doctest::Approx(70));
  CHECK(job.partitions[0].load.activity == actor_activity::busy);
  // A second mostly spent waiting on the downstream.
  q.at(2000ms, 20, 900'000'000, 900'000'000);
  add_rates(job, q.sampler.rates());
  CHECK(job.partitions[0].load.activity == actor_activity::backpressured);
  // And one doing little.
  q.at(3000ms, 30, 950'000'000, 900'000'000);
  add_rates(job, q.sampler.rates());
  CHECK(job.partitions[0].load.activity == actor_activity::idle);
  CHECK(job.rates.size() == 1);
}

TEST_CASE("a percentage of time is at most 100") {
  quiet_sampler q;
  q.at(0ms, 0, 0, 0);
  // A long handler that began before the second counts whole.
  q.at(1000ms, 0, 1'500'000'000, 0);
  CHECK(q.rate().busy_percent == doctest::Approx(100));
}
