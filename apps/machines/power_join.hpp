// Seed 003's StreamJoiner, done in event time as a keyed process function
// per thing and channel ("R0815.C11"): each torque joins the speed of its
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
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "apps/machines/machine_reading.hpp"
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

struct power_join {
  using output = reading;
  using value = channel_samples;

  join_settings settings;

  /// Emits every reading as data; keeps torques and speeds for the join,
  /// or emits them to the late output too.
  void process(reading& r, auto& ctx) const {
    auto kind = role_of(r.quantity);
    if (kind != role::other) {
      auto watermark = ctx.watermark();
      if (watermark != no_watermark && r.time_ms <= watermark) {
        auto late = r;
        late.route = route::late;
        ctx.emit(std::move(late));
      } else {
        keep(kind, r, ctx);
      }
    }
    ctx.emit(std::move(r));
  }

  /// Emits the power of every torque the watermark has passed by the bound.
  void on_timer(int64_t, auto& ctx) const {
    if (ctx.value() == nullptr)
      return;
    auto& kept = ctx.write();
    auto due_until = ctx.watermark() - settings.bound.count();
    auto due = kept.torques.begin();
    for (; due != kept.torques.end() && due->first <= due_until; ++due)
      emit_power(*due, kept.speeds, ctx);
    kept.torques.erase(kept.torques.begin(), due);
    forget_unneeded_speeds(kept, ctx.watermark(), settings.bound.count());
    if (!kept.torques.empty())
      ctx.timer_at(kept.torques.front().first + settings.bound.count());
    else if (kept.speeds.empty())
      ctx.erase();
  }

private:
  void keep(role kind, const reading& r, auto& ctx) const {
    auto& kept = ctx.write();
    if (kind == role::speed) {
      put_sample(kept.speeds, r.time_ms, r.result);
      forget_unneeded_speeds(kept, ctx.watermark(), settings.bound.count());
      return;
    }
    put_sample(kept.torques, r.time_ms, r.result);
    // A new earliest torque needs its own timer; later ones are due after
    // it and get theirs when it fires.
    if (kept.torques.front().first == r.time_ms)
      ctx.timer_at(r.time_ms + settings.bound.count());
  }

  void emit_power(std::pair<int64_t, double> torque, const samples& speeds,
                  auto& ctx) const {
    auto key = ctx.key();
    auto dot = key.rfind('.');
    auto thing = key.substr(0, dot);
    auto channel = key.substr(dot + 1);
    auto bound = settings.bound.count();
    if (const auto* speed = nearest(speeds, torque.first, bound)) {
      ctx.emit(make_power(thing, channel, torque.first,
                          power_of(torque.second, *speed, settings.power_cap)));
      return;
    }
    auto unmatched = make_reading(std::string{thing},
                                  std::string{torque_prefix}.append(channel),
                                  torque.first, torque.second);
    unmatched.route = route::unmatched;
    ctx.emit(std::move(unmatched));
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
