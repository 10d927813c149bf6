// The telemetry job's seen ids stay bounded: ten million distinct ids
// through one sensor's map state, their event time advancing, never hold
// more than about one dedup window's worth.
#include "runtime/map_state.hpp"

#include <chrono>
#include <cstdint>
#include <string>

#include <doctest/doctest.h>

using namespace eddy;
using namespace std::chrono_literals;

TEST_CASE("ten million distinct ids hold no more than one dedup window's "
          "worth of state") {
  constexpr int64_t ids = 10'000'000;
  constexpr int64_t per_ms = 10; // 10,000 ids per second of event time
  constexpr auto window = 1s;
  map_state<int64_t> seen{{window, time_domain::event}};
  constexpr int64_t t0 = 1'700'000'000'000;
  size_t most = 0;
  std::string id;
  for (int64_t i = 0; i < ids; ++i) {
    auto time = t0 + i / per_ms;
    id = "evt-" + std::to_string(i);
    seen.put("site:asset:sensor", id, time, time);
    if (i % 10'000 == 9'999) {
      // The watermark trails by 5 s, as the job's out-of-orderness.
      seen.expire_until(time - 5000);
      most = std::max(most, seen.size());
    }
  }
  // 6 s of ids (the window and the watermark's lag) and the second an
  // expiry bucket may add, at 10,000 ids a second.
  CHECK(most <= 7 * 10'000 + 10'000);
  CHECK(most >= 6 * 10'000);
  CHECK(seen.find("site:asset:sensor", "evt-0", t0 + ids / per_ms - 5000) ==
        nullptr);
  CHECK(seen.find("site:asset:sensor", "evt-" + std::to_string(ids - 1),
                  t0 + ids / per_ms - 5000) != nullptr);
}
