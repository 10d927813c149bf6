// Deduplication as a keyed process function, per sensor
// ("site_id:asset_id:sensor_id"). By default an event whose event_id the
// sensor sent within the dedup window (event time) is a duplicate: the seen
// ids are map state with a time-to-live, persisted with each checkpoint, so
// a repeat is recognized across restarts and replays; an id expires once
// the watermark passes its event's time plus the window, so the state holds
// only one window's ids. The seed's rule instead (near_value): a duplicate
// is within the window of the sensor's last event let through and changed
// its value by less than the tolerance; a last value of 0 matches only 0,
// where the seed divides by zero.
#pragma once

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <utility>

#include "apps/telemetry/telemetry_event.hpp"
#include "runtime/keyed_process.hpp"
#include "runtime/value_codec.hpp"

namespace eddy::telemetry {

enum class dedup_mode : uint8_t { event_id, near_value };

struct dedup_settings {
  dedup_mode mode = dedup_mode::event_id;
  std::chrono::milliseconds window{std::chrono::seconds{60}};
  /// near_value: the largest relative change that is still a duplicate.
  double tolerance = 0.01;
};

/// Whether `value` is within `tolerance` of `last`, relative to `last`.
inline bool is_near(double value, double last, double tolerance) {
  if (last == 0.0)
    return value == 0.0;
  return std::abs(value - last) < tolerance * std::abs(last);
}

struct dedup_process {
  using output = event;
  /// near_value: the time and value of the sensor's last event let through.
  using value = std::pair<int64_t, double>;
  /// event_id: the ids seen, each with its event's time.
  using entry = int64_t;

  dedup_settings settings;

  state_ttl entry_time_to_live() const {
    return {settings.window, time_domain::event};
  }

  /// Emits every event: a duplicate with quality::duplicate, the others
  /// with processed_at set.
  void process(const event& e, auto& ctx) const {
    auto checked = e;
    if (is_duplicate(e, ctx))
      checked.checked = quality::duplicate;
    else
      checked.processed_at = ctx.processing_time();
    ctx.emit(std::move(checked));
  }

private:
  bool is_duplicate(const event& e, auto& ctx) const {
    if (settings.mode == dedup_mode::event_id) {
      if (ctx.entry(e.event_id) != nullptr)
        return true;
      ctx.put_entry(e.event_id, e.timestamp_ms, e.timestamp_ms);
      return false;
    }
    if (const auto* last = ctx.value();
        last != nullptr &&
        std::llabs(e.timestamp_ms - last->first) < settings.window.count() &&
        is_near(e.value, last->second, settings.tolerance))
      return true;
    ctx.write() = {e.timestamp_ms, e.value};
    return false;
  }
};

} // namespace eddy::telemetry
