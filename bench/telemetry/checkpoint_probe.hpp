// A checkpoint of the eddy program, read from its GET /v1/jobs.
#pragma once

#include <cstdint>

namespace eddy::bench {

struct checkpoint_taken {
  double duration_ms = 0;
  uint64_t bytes = 0;
  /// The slowest checkpoint /v1/jobs listed then (its recent history,
  /// e.g. those taken while the state grew), and its bytes.
  double slowest_ms = 0;
  uint64_t slowest_bytes = 0;
};

/// Waits (up to a minute) until the first job of eddy at 127.0.0.1:`port`
/// lists a completed checkpoint started at or after `after_ms` (wall clock)
/// and answers its duration and bytes, and the slowest listed. Throws
/// bench_failure if none comes, or one that started then failed.
checkpoint_taken await_checkpoint(uint16_t port, int64_t after_ms);

} // namespace eddy::bench
