// Split and join on one thread, the job's power_join logic over a map.
#include "bench/machines/power_loop.hpp"

#include "apps/machines/machine_state.hpp"

namespace eddy::bench {

power_loop::power_loop(const machines::options& job)
    : join_(job.join),
      out_of_orderness_ms_(job.event_time.out_of_orderness.count()) {}

void power_loop::add(std::string_view json) {
  split_.clear();
  if (machines::split_state(json, split_)) {
    ++counts_.malformed;
    return;
  }
  ++counts_.states;
  for (auto& r : split_) {
    ++counts_.readings;
    if (machines::role_of(r.quantity) == machines::role::other)
      continue;
    if (watermark_ != INT64_MIN && r.time_ms <= watermark_)
      ++counts_.late;
    else
      keep(r);
    newest_ = std::max(newest_, r.time_ms);
  }
  advance_watermark();
}

void power_loop::keep(const machines::reading& r) {
  auto& kept = channels_[r.key];
  if (machines::role_of(r.quantity) == machines::role::speed) {
    machines::put_sample(kept.speeds, r.time_ms, r.result);
    machines::forget_unneeded_speeds(kept, watermark_, join_.bound.count());
    return;
  }
  machines::put_sample(kept.torques, r.time_ms, r.result);
  if (kept.torques.front().first == r.time_ms)
    timers_.emplace(r.time_ms + join_.bound.count(), &kept);
}

void power_loop::advance_watermark() {
  if (newest_ == INT64_MIN || newest_ - out_of_orderness_ms_ <= watermark_)
    return;
  watermark_ = newest_ - out_of_orderness_ms_;
  while (!timers_.empty() && timers_.top().first <= watermark_) {
    auto* kept = timers_.top().second;
    timers_.pop();
    fire(*kept);
  }
}

void power_loop::fire(channel& kept) {
  auto bound = join_.bound.count();
  auto due_until = watermark_ - bound;
  auto due = kept.torques.begin();
  for (; due != kept.torques.end() && due->first <= due_until; ++due) {
    if (const auto* speed = machines::nearest(kept.speeds, due->first, bound)) {
      ++counts_.powers;
      counts_.watts += machines::power_of(due->second, *speed, join_.power_cap);
    } else {
      ++counts_.unmatched;
    }
  }
  kept.torques.erase(kept.torques.begin(), due);
  machines::forget_unneeded_speeds(kept, watermark_, join_.bound.count());
  if (!kept.torques.empty())
    timers_.emplace(kept.torques.front().first + bound, &kept);
}

} // namespace eddy::bench
