// When and how often a crashed partition is restarted, as Flink's restart
// strategies: a fixed delay with a lifetime limit, or an exponential backoff
// whose count starts over once a partition has run long enough.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>

namespace eddy {

struct restart_policy {
  enum class strategy { fixed_delay, exponential_backoff };
  strategy kind = strategy::fixed_delay;
  /// fixed-delay: restarts over the partition's lifetime; exponential
  /// backoff: restarts in a row (without a long enough run in between).
  uint32_t max_attempts = 10;
  /// fixed-delay: every wait; exponential backoff: the first wait.
  std::chrono::milliseconds delay{100};
  /// exponential backoff: the longest wait.
  std::chrono::milliseconds max_delay{10000};
  /// exponential backoff: a run this long starts the count over.
  std::chrono::milliseconds reset_after{60000};
};

/// One partition's restarts under a policy; free of actors so tests can
/// drive it with made-up times.
class restart_tracker {
public:
  using clock = std::chrono::steady_clock;

  explicit restart_tracker(restart_policy policy) : policy_(policy) {}

  /// The partition, started at `started`, died at `now`: answers how long to
  /// wait before restarting it, or nothing once the policy gives up.
  std::optional<std::chrono::milliseconds> on_failure(clock::time_point started,
                                                      clock::time_point now) {
    using strategy = restart_policy::strategy;
    if (policy_.kind == strategy::exponential_backoff &&
        now - started >= policy_.reset_after)
      attempts_ = 0;
    if (++attempts_ > policy_.max_attempts)
      return std::nullopt;
    if (policy_.kind == strategy::fixed_delay)
      return policy_.delay;
    auto wait = policy_.delay;
    for (uint32_t i = 1; i < attempts_ && wait < policy_.max_delay; ++i)
      wait *= 2;
    return std::min(wait, policy_.max_delay);
  }

  /// Failures counted against the limit now.
  uint32_t attempts() const noexcept { return attempts_; }

  const restart_policy& policy() const noexcept { return policy_; }

private:
  restart_policy policy_;
  uint32_t attempts_ = 0;
};

} // namespace eddy
