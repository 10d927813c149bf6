// restart_tracker: Flink's fixed-delay and exponential-backoff strategies.
#include "actors/restart_policy.hpp"

#include <doctest/doctest.h>

using namespace eddy;
using namespace std::chrono_literals;
using clock_type = restart_tracker::clock;

TEST_CASE("fixed delay waits the same each time and gives up past the "
          "limit") {
  restart_tracker tracker{{restart_policy::strategy::fixed_delay, 3, 50ms}};
  auto t0 = clock_type::now();
  for (int i = 0; i < 3; ++i)
    CHECK(tracker.on_failure(t0, t0 + 1h) == 50ms);
  CHECK(tracker.on_failure(t0, t0 + 1h) == std::nullopt);
}

TEST_CASE("exponential backoff doubles the wait up to its maximum") {
  restart_tracker tracker{
      {restart_policy::strategy::exponential_backoff, 10, 100ms, 500ms, 1min}};
  auto t0 = clock_type::now();
  CHECK(tracker.on_failure(t0, t0 + 1s) == 100ms);
  CHECK(tracker.on_failure(t0, t0 + 1s) == 200ms);
  CHECK(tracker.on_failure(t0, t0 + 1s) == 400ms);
  CHECK(tracker.on_failure(t0, t0 + 1s) == 500ms);
}

TEST_CASE("exponential backoff starts over after a long enough run") {
  restart_tracker tracker{
      {restart_policy::strategy::exponential_backoff, 2, 100ms, 1s, 1min}};
  auto t0 = clock_type::now();
  CHECK(tracker.on_failure(t0, t0 + 1s) == 100ms);
  CHECK(tracker.on_failure(t0, t0 + 1s) == 200ms);
  CHECK(tracker.on_failure(t0, t0 + 2min) == 100ms);
  CHECK(tracker.attempts() == 1);
}

TEST_CASE("exponential backoff gives up after too many restarts in a row") {
  restart_tracker tracker{
      {restart_policy::strategy::exponential_backoff, 2, 100ms, 1s, 1min}};
  auto t0 = clock_type::now();
  CHECK(tracker.on_failure(t0, t0 + 1s));
  CHECK(tracker.on_failure(t0, t0 + 1s));
  CHECK_FALSE(tracker.on_failure(t0, t0 + 1s));
}
