// Split and join on one thread, the job's power_join logic over a map.
#include "bench/machines/power_loop.hpp"

#include "apps/machines/machine_state.hpp"

namespace eddy::bench {

power_loop::power_loop(const machines::options& job)
    : join_(job.join),
      out_of_orderness_ms_(job.event_time.out_of_orderness.count()) {}

void power_loop::add(std::string_view json) {
  auto state = machines::read_state(json);
  if (!state) {
    ++counts_.malformed;
    return;
  }
  ++counts_.states;
  split_.clear();
  machines::split(*state, split_);
  counts_.readings += split_.size();
  auto is_late = watermark_ != INT64_MIN && state->time_ms <= watermark_;
  for (auto& q : state->quantities) {
    auto kind = machines::role_of(q.name);
    if (kind == machines::role::other)
      continue;
    if (is_late)
      ++counts_.late;
    else
      keep(things_[state->thing], kind, q, state->time_ms);
  }
  newest_ = std::max(newest_, state->time_ms);
  advance_watermark();
}

void power_loop::keep(thing& channels, machines::role kind,
                      const machines::quantity_value& q, int64_t time) {
  auto& kept = machines::samples_of(channels, machines::channel_of(q.name));
  if (kind == machines::role::speed) {
    machines::put_sample(kept.speeds, time, q.value);
    machines::forget_unneeded_speeds(kept, watermark_, join_.bound.count());
    return;
  }
  machines::put_sample(kept.torques, time, q.value);
  if (kept.torques.front().first == time)
    timers_.emplace(time + join_.bound.count(), &channels);
}

void power_loop::advance_watermark() {
  if (newest_ == INT64_MIN || newest_ - out_of_orderness_ms_ <= watermark_)
    return;
  watermark_ = newest_ - out_of_orderness_ms_;
  while (!timers_.empty() && timers_.top().first <= watermark_) {
    auto* channels = timers_.top().second;
    timers_.pop();
    fire(*channels);
  }
}

void power_loop::fire(thing& channels) {
  auto bound = join_.bound.count();
  auto due_until = watermark_ - bound;
  auto next_due = INT64_MAX;
  for (auto& [name, kept] : channels) {
    auto due = kept.torques.begin();
    for (; due != kept.torques.end() && due->first <= due_until; ++due) {
      if (const auto* speed =
              machines::nearest(kept.speeds, due->first, bound)) {
        ++counts_.powers;
        counts_.watts +=
            machines::power_of(due->second, *speed, join_.power_cap);
      } else {
        ++counts_.unmatched;
      }
    }
    kept.torques.erase(kept.torques.begin(), due);
    machines::forget_unneeded_speeds(kept, watermark_, bound);
    if (!kept.torques.empty())
      next_due = std::min(next_due, kept.torques.front().first + bound);
  }
  if (next_due != INT64_MAX)
    timers_.emplace(next_due, &channels);
}

} // namespace eddy::bench
