// How long state lives, and by which clock: what a process function's
// values and map state expire by.
#pragma once

#include <chrono>

namespace eddy {

/// The clock a time-to-live or a timer follows.
enum class time_domain { event, processing };

/// How long a key's value lives after it was last written, and by which
/// clock (event time: the partition's watermark).
struct state_ttl {
  std::chrono::milliseconds duration{0};
  time_domain domain = time_domain::event;
};

} // namespace eddy
