// Telemetry events as the seed's MQTT publisher sends them, made
// deterministically from a seed and an event number: for eddy-gen, the
// job's built-in source, the tests and the benchmark.
#pragma once

#include <cstdint>
#include <string>

namespace eddy::telemetry {

struct telemetry_generator_options {
  /// Same seed, same events (but their timestamps).
  uint64_t seed = 42;
  /// How many distinct sensors send: event i comes from sensor i % sensors.
  int64_t sensors = 1000;
  /// The share of events that repeat their sensor's previous event (its
  /// event_id and value): what an at-least-once transport does.
  double duplicate_share = 0.02;
  /// The share of events whose value is outside its type's range.
  double out_of_range_share = 0.01;
};

/// Sensor s is `sensor-<s>` on asset `asset-<s / 4>` of site `site-<s /
/// 64>`, of sensor type s % 12 of seed_sensor_types (TEMPERATURE, ...,
/// ENERGY) with its unit; its values lie well within the type's range but
/// for the out-of-range share, just above its maximum.
class telemetry_generator {
public:
  /// `opts.sensors` must be positive.
  explicit telemetry_generator(telemetry_generator_options opts);

  /// Appends event `index` as the publisher's JSON (no newline), its
  /// timestamp `now_ms`: {"event_id":..,"timestamp":..,"site_id":..,
  /// "asset_id":..,"sensor_type":..,"sensor_id":..,"value":..,"unit":..,
  /// "quality_flag":"GOOD","metadata":{"firmware_version":..,"location":..},
  /// "source":"MQTT","schema_version":"1.0.0"}.
  void json(uint64_t index, int64_t now_ms, std::string& out) const;

  /// The MQTT topic of event `index`: telemetry/{site}/{asset}/{TYPE}.
  std::string topic(uint64_t index) const;

  /// The job's key of event `index` (key_of: site_id:asset_id:sensor_id),
  /// by which a Kafka producer keys it so that a sensor's events keep their
  /// order.
  std::string key(uint64_t index) const;

private:
  telemetry_generator_options opts_;
};

} // namespace eddy::telemetry
