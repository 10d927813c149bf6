// Seed 003's StreamJoiner, done in event time as a keyed process function
// per thing ("R0815"), its channels ("C11", ...) apart in the thing's value:
// each torque joins the speed of its
// channel nearest in time within the bound (ties to the earlier), and its
// power |2π/60 · torque · speed|, capped, is emitted once the watermark has
// passed the torque's time plus the bound, when no speed that could be
// nearer can still come. A torque or speed at or behind the watermark is
// late: it goes to the late output and changes nothing already emitted.
// Torques wait and speeds are kept only as long as a join may need them,
// in the key's value, persisted with each checkpoint.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "apps/machines/machine_reading.hpp"
#include "apps/machines/machine_state.hpp"
#include "runtime/keyed_process.hpp"
#include "runtime/value_codec.hpp"

namespace eddy::machines {

struct join_settings {
  std::chrono::milliseconds bound{std::chrono::seconds{1}};
  double power_cap = 20000.0;
};

/// (time ms, value) in time order, one per time (a repeat replaces).
using samples = std::vector<std::pair<int64_t, double>>;

/// What a thing's channel keeps: torques waiting for the watermark and
/// speeds a torque may still join.
struct channel_samples {
  samples torques;
  samples speeds;
};

/// A thing's channels and their samples, in the order first seen. A thing
/// has a few channels: a search along them costs less than a map's.
using thing_channels = std::vector<std::pair<std::string, channel_samples>>;

/// The samples of `channel` in `channels`, added if it has none.
inline channel_samples& samples_of(thing_channels& channels,
                                   std::string_view channel) {
  for (auto& [name, kept] : channels)
    if (name == channel)
      return kept;
  return channels.emplace_back(std::string{channel}, channel_samples{}).second;
}

/// |2π/60 · torque · speed|, at most `cap`.
inline double power_of(double torque, double speed, double cap) {
  return std::min(std::abs(2.0 * std::numbers::pi / 60.0 * torque * speed),
                  cap);
}

/// Puts (time, value) into `xs` in time order, replacing one at that time
/// (an at-least-once transport repeats readings).
inline void put_sample(samples& xs, int64_t time, double value) {
  auto at =
      std::lower_bound(xs.begin(), xs.end(), time,
                       [](const auto& x, int64_t t) { return x.first < t; });
  if (at != xs.end() && at->first == time)
    at->second = value;
  else
    xs.emplace(at, time, value);
}

/// The value in `xs` nearest to `time` within `bound` (ties: the earlier),
/// or nullptr.
inline const double* nearest(const samples& xs, int64_t time, int64_t bound) {
  auto after =
      std::lower_bound(xs.begin(), xs.end(), time,
                       [](const auto& x, int64_t t) { return x.first < t; });
  const std::pair<int64_t, double>* best = nullptr;
  if (after != xs.begin() && time - std::prev(after)->first <= bound)
    best = &*std::prev(after);
  if (after != xs.end() && after->first - time <= bound &&
      (best == nullptr || after->first - time < time - best->first))
    best = &*after;
  return best == nullptr ? nullptr : &best->second;
}

/// Drops the speeds of `kept` that no torque can join any more: a speed is
/// needed while a waiting torque or one still to come (after `watermark`)
/// may lie within `bound` of it.
inline void forget_unneeded_speeds(channel_samples& kept, int64_t watermark,
                                   int64_t bound) {
  if (watermark == no_watermark)
    return;
  auto needed_from = watermark + 1 - bound;
  if (!kept.torques.empty())
    needed_from = std::min(needed_from, kept.torques.front().first);
  needed_from -= bound;
  auto first_needed =
      std::lower_bound(kept.speeds.begin(), kept.speeds.end(), needed_from,
                       [](const auto& x, int64_t t) { return x.first < t; });
  kept.speeds.erase(kept.speeds.begin(), first_needed);
}

/// Keeps torque or speed `q` of `channels` at `time`; true when it is its
/// channel's new earliest torque, which needs a timer at time + bound
/// (later ones are due after it and get theirs when it fires).
inline bool keep_sample(thing_channels& channels, role kind,
                        const quantity_value& q, int64_t time,
                        int64_t watermark, int64_t bound) {
  auto& kept = samples_of(channels, channel_of(q.name));
  if (kind == role::speed) {
    put_sample(kept.speeds, time, q.value);
    forget_unneeded_speeds(kept, watermark, bound);
    return false;
  }
  put_sample(kept.torques, time, q.value);
  return kept.torques.front().first == time;
}

/// Hands each torque the watermark has passed by `bound` to
/// `on_due(channel, torque, speed)` (the nearest speed within the bound, or
/// nullptr), forgets it and the speeds no torque needs any more, and drops
/// the channels left empty. Returns when the next torque falls due, if any.
template <class OnDue>
std::optional<int64_t> take_due_torques(thing_channels& channels,
                                        int64_t watermark, int64_t bound,
                                        OnDue on_due) {
  std::optional<int64_t> next_due;
  for (auto& [channel, kept] : channels) {
    auto due = kept.torques.begin();
    for (; due != kept.torques.end() && due->first <= watermark - bound; ++due)
      on_due(std::string_view{channel}, *due,
             nearest(kept.speeds, due->first, bound));
    kept.torques.erase(kept.torques.begin(), due);
    forget_unneeded_speeds(kept, watermark, bound);
    if (!kept.torques.empty())
      next_due = std::min(next_due.value_or(INT64_MAX),
                          kept.torques.front().first + bound);
  }
  std::erase_if(channels, [](const auto& channel) {
    return channel.second.torques.empty() && channel.second.speeds.empty();
  });
  return next_due;
}

struct power_join {
  using output = reading;
  using value = thing_channels;

  join_settings settings;

  /// Emits every quantity of `state` as data; keeps its torques and speeds
  /// for the join, or emits them to the late output too.
  void process(const machine_state& state, auto& ctx) const {
    auto watermark = ctx.watermark();
    auto is_late = watermark != no_watermark && state.time_ms <= watermark;
    for (auto& q : state.quantities) {
      if (auto kind = role_of(q.name); kind != role::other) {
        if (is_late)
          ctx.emit({state.thing, q.name, state.time_ms, q.value, route::late});
        else
          keep(kind, q, state.time_ms, ctx);
      }
      ctx.emit({state.thing, q.name, state.time_ms, q.value, route::data});
    }
  }

  /// Emits the power of every torque the watermark has passed by the bound.
  void on_timer(int64_t, auto& ctx) const {
    if (ctx.value() == nullptr)
      return;
    auto& channels = ctx.write();
    auto next_due = take_due_torques(
        channels, ctx.watermark(), settings.bound.count(),
        [&](std::string_view channel, std::pair<int64_t, double> torque,
            const double* speed) { emit_power(channel, torque, speed, ctx); });
    if (next_due)
      ctx.timer_at(*next_due);
    else if (channels.empty())
      ctx.erase();
  }

private:
  void keep(role kind, const quantity_value& q, int64_t time, auto& ctx) const {
    auto bound = settings.bound.count();
    if (keep_sample(ctx.write(), kind, q, time, ctx.watermark(), bound))
      ctx.timer_at(time + bound);
  }

  void emit_power(std::string_view channel, std::pair<int64_t, double> torque,
                  const double* speed, auto& ctx) const {
    auto thing = ctx.key();
    if (speed != nullptr)
      ctx.emit(make_power(thing, channel, torque.first,
                          power_of(torque.second, *speed, settings.power_cap)));
    else
      ctx.emit({std::string{thing}, std::string{torque_prefix}.append(channel),
                torque.first, torque.second, route::unmatched});
  }
};

} // namespace eddy::machines

namespace eddy {

/// A channel's samples in state: the torques, then the speeds.
template <>
struct value_codec<machines::channel_samples> {
  using pair_codec =
      value_codec<std::pair<machines::samples, machines::samples>>;

  static void encode(const machines::channel_samples& x, std::string& out) {
    value_codec<machines::samples>::encode(x.torques, out);
    value_codec<machines::samples>::encode(x.speeds, out);
  }

  static caf::expected<machines::channel_samples> decode(std::string_view& in) {
    auto both = pair_codec::decode(in);
    if (!both)
      return both.error();
    return machines::channel_samples{std::move(both->first),
                                     std::move(both->second)};
  }

  static nlohmann::json to_json(const machines::channel_samples& x) {
    return {{"torques", value_codec<machines::samples>::to_json(x.torques)},
            {"speeds", value_codec<machines::samples>::to_json(x.speeds)}};
  }

  static std::string name() { return "channel_samples"; }
};

} // namespace eddy
