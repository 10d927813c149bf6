// The IoT sensor rollup's outputs: a device's aggregates over one window (a
// row of ClickHouse's sensor_rollups) and the alert of a window that crossed
// a threshold.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "apps/sensors/sensor_reading.hpp"
#include "runtime/aggregates.hpp"

namespace eddy::sensors {

/// A device's readings over one window. Unlike the seed, which tracks min and
/// max but writes only averages, every reading keeps all three.
struct rollup {
  std::string device_id;
  std::string device_type;
  std::string customer_id;
  std::string site_id;
  /// The window, ms: [start, end).
  int64_t window_start = 0;
  int64_t window_end = 0;
  int64_t readings = 0;
  agg::statistics temperature;
  agg::statistics humidity;
  agg::statistics pressure;
  agg::statistics co2_level;
  agg::statistics noise_level;
  agg::statistics light_level;
  agg::statistics battery_level;
  agg::statistics signal_strength;
  /// 1 when more than half of the readings saw motion.
  int32_t motion_detected = 0;
  /// The seed's (int)(sum of statuses / readings).
  int32_t status = 0;
  int64_t error_count = 0;
  int64_t packets_sent = 0;
  int64_t packets_received = 0;
  int64_t bytes_sent = 0;
  int64_t bytes_received = 0;
  bool has_alert = false;

  friend bool operator==(const rollup&, const rollup&) = default;
};

/// The limits that make a window an alert (sensors.alert.*), the seed's by
/// default.
struct thresholds {
  double temperature_above = 35.0;
  double humidity_above = 80.0;
  double battery_below = 20.0;

  /// Whether `x`'s max temperature, max humidity or min battery crosses one.
  bool crossed_by(const rollup& x) const noexcept;
};

/// A window whose readings crossed a threshold: which ones, and the values.
struct alert {
  std::string device_id;
  int64_t window_start = 0;
  int64_t window_end = 0;
  bool high_temperature = false;
  bool high_humidity = false;
  bool low_battery = false;
  double max_temperature = 0.0;
  double max_humidity = 0.0;
  double min_battery = 0.0;

  friend bool operator==(const alert&, const alert&) = default;
};

/// The alert of `x`, if it crossed a threshold.
std::optional<alert> alert_of(const rollup& x, const thresholds& limits);

/// Appends `x` as one JSONEachRow object of the sensor_rollups table:
/// windows as Unix seconds (DateTime, independent of the server's zone),
/// each reading as `<reading>_min`, `_max` and `_avg`.
void format_row(const rollup& x, std::string& out);

/// Appends `x` as JSON: {"device_id":..,"window_start":<ms>,"window_end":<ms>,
/// "alerts":["high_temperature",..],"max_temperature":..,..}.
void format_json(const alert& x, std::string& out);

/// Appends a reading that came too late for its window as JSON, in the
/// ClickHouse names with "timestamp" in ms.
void format_json(const reading& x, std::string& out);

} // namespace eddy::sensors
