// Polls /v1/jobs for the checkpoints (the latest first).
#include "bench/telemetry/checkpoint_probe.hpp"

#include "bench/common/bench_failure.hpp"
#include "bench/common/wait_until.hpp"
#include "bench/kafka/job_counters.hpp"

namespace eddy::bench {

namespace {

constexpr std::chrono::minutes checkpoint_timeout{1};
constexpr std::chrono::milliseconds checkpoint_poll{100};

// The oldest checkpoint started at or after `after_ms` that has ended, if
// any; throws if it failed.
bool find_checkpoint(uint16_t port, int64_t after_ms, checkpoint_taken& out) {
  auto job = first_job(port);
  if (!job)
    return false;
  auto& checkpoints = (*job)["checkpoints"];
  // The latest come first: the oldest that qualifies is the last found.
  const nlohmann::json* found = nullptr;
  const nlohmann::json* slowest = nullptr;
  for (auto& c : checkpoints) {
    if (c.value("startedMs", int64_t{0}) >= after_ms)
      found = &c;
    if (!slowest ||
        c.value("durationMs", 0.0) > slowest->value("durationMs", 0.0))
      slowest = &c;
  }
  if (!found)
    return false;
  if (found->value("outcome", "") != "completed")
    throw bench_failure{"eddy's checkpoint " +
                        std::to_string(found->value("id", int64_t{0})) +
                        " failed: " + found->value("reason", "")};
  out.duration_ms = found->value("durationMs", 0.0);
  out.bytes = found->value("bytes", uint64_t{0});
  out.slowest_ms = slowest->value("durationMs", 0.0);
  out.slowest_bytes = slowest->value("bytes", uint64_t{0});
  return true;
}

} // namespace

checkpoint_taken await_checkpoint(uint16_t port, int64_t after_ms) {
  checkpoint_taken taken;
  wait_until([&] { return find_checkpoint(port, after_ms, taken); },
             "eddy took a checkpoint", checkpoint_timeout, checkpoint_poll);
  return taken;
}

} // namespace eddy::bench
