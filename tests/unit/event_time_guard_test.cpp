// The sources' bound on event time: records more than max.future ahead of
// the wall clock are refused with a reason that names their time and the
// bound, so the source makes them dead letters.
#include "runtime/event_time_guard.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using namespace eddy;
using namespace std::chrono_literals;

namespace {

constexpr int64_t now_ms = 1'700'000'000'000;

// A record is its own event time.
future_check<int64_t> one_hour() {
  return {[](const int64_t& ts) { return ts; }, 1h};
}

} // namespace

TEST_CASE("a record more than max.future ahead of the wall clock is refused, "
          "naming its time and the bound") {
  auto refusal = one_hour()(std::numeric_limits<int64_t>::max(), now_ms);
  REQUIRE(refusal);
  CHECK(refusal == ec::malformed_record);
  CHECK(describe(refusal).find("event time 9223372036854775807 is more than "
                               "1h ahead of the wall clock") !=
        std::string::npos);
}

TEST_CASE("a record within max.future, or without an event time, passes") {
  CHECK_FALSE(one_hour()(now_ms + 3'600'000, now_ms));
  CHECK_FALSE(one_hour()(now_ms - 86'400'000, now_ms));
  CHECK_FALSE(one_hour()(no_watermark, now_ms));
}

TEST_CASE("a line that makes a record from far in the future fails with the "
          "refusal, so the source sends it to the dead letters") {
  auto src = socket_input<int64_t>(
      {}, [](std::string_view line, emitter<int64_t>& out) -> caf::error {
        out.emit(std::stoll(std::string{line}));
        return {};
      });
  auto checked = with_future_check(std::move(src), one_hour());
  std::vector<int64_t> made;
  vector_emitter<int64_t> out{made};
  CHECK_FALSE(checked.from_line("1000", out));
  auto refusal = checked.from_line("9223372036854775807", out);
  CHECK(refusal == ec::malformed_record);
  CHECK(made == std::vector<int64_t>{1000});
}
