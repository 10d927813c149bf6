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
  auto bound = join_.bound.count();
  if (machines::keep_sample(channels, kind, q, time, watermark_, bound))
    timers_.emplace(time + bound, &channels);
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
  auto next_due = machines::take_due_torques(
      channels, watermark_, join_.bound.count(),
      [this](std::string_view, std::pair<int64_t, double> torque,
             const double* speed) {
        if (speed == nullptr) {
          ++counts_.unmatched;
          return;
        }
        ++counts_.powers;
        counts_.watts +=
            machines::power_of(torque.second, *speed, join_.power_cap);
      });
  if (next_due)
    timers_.emplace(*next_due, &channels);
}

} // namespace eddy::bench
