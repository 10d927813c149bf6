// The plain loop's state: each device's open window, keyed by device_id in
// a std::unordered_map, kept on one thread without the engine. What the
// in-memory and memory figures' baselines run.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "apps/sensors/sensor_pipeline.hpp"
#include "runtime/aggregates.hpp"

namespace eddy::bench {

/// What the job's window aggregate keeps of one device's readings over one
/// window (sensor_pipeline.cpp's window_aggregate): a count, min, max and
/// sum of the eight measurements, the sums, the first device type,
/// customer and site.
struct device_window {
  int64_t start_ms = 0;
  int64_t readings = 0;
  agg::statistics temperature, humidity, pressure, co2_level, noise_level,
      light_level, battery_level, signal_strength;
  int64_t motion = 0;
  int64_t status_sum = 0;
  int64_t errors = 0;
  int64_t packets_sent = 0;
  int64_t packets_received = 0;
  int64_t bytes_sent = 0;
  int64_t bytes_received = 0;
  std::string device_type;
  std::string customer_id;
  std::string site_id;

  void add(const sensors::reading& r);

  /// Whether the closed window is an alert: its max temperature or
  /// humidity or its min battery crosses a threshold.
  bool is_alert(const sensors::thresholds& limits) const;
};

class device_windows {
public:
  /// Windows of `opts.window.size` in processing time (the wall clock),
  /// alerts by `opts.alert_limits`, readings read by `decode`.
  device_windows(const sensors::options& opts, sensors::decoder decode);

  /// Decodes one reading and adds it to its device's window of now,
  /// closing the device's earlier window first (counted, and checked for
  /// an alert, as the job's window does); false if it is malformed. The
  /// clock is read every clock_stride readings, as the engine reads it
  /// once per batch.
  bool add(std::string_view bytes);

  size_t devices() const noexcept { return windows_.size(); }
  uint64_t windows_closed() const noexcept { return closed_; }
  uint64_t alerts() const noexcept { return alerts_; }

  static constexpr uint64_t clock_stride = 512;

private:
  int64_t window_ms_;
  sensors::thresholds limits_;
  sensors::decoder decode_;
  std::unordered_map<std::string, device_window> windows_;
  uint64_t added_ = 0;
  int64_t window_start_ms_ = 0; // of the window open now
  uint64_t closed_ = 0;
  uint64_t alerts_ = 0;
};

} // namespace eddy::bench
