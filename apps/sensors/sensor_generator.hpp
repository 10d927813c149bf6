// Sensor readings as the seed's producer sends them, made deterministically
// from a seed and a record number, as JSON or raw Avro: for eddy-gen, the
// job's built-in source and the tests.
#pragma once

#include <cstdint>
#include <string>

#include "apps/sensors/sensor_avro.hpp"

namespace eddy::sensors {

/// What the readings look like.
struct sensor_generator_options {
  /// Same seed, same readings.
  uint64_t seed = 42;
  /// How many distinct sensors (sensorId) the readings come from.
  int64_t sensors = 100000;
  /// The first sensor's number: sensorIds are in [sensor_offset,
  /// sensor_offset + sensors).
  int64_t sensor_offset = 0;
};

/// Readings of sensors that each keep their own level: most stay within
/// the alert thresholds (temperature 35, humidity 80, battery 20), a few
/// percent of the sensors run hot, humid or low on battery, so that some of
/// their one-minute windows alert. sensorType is the sensor's number
/// cycling 1..8, status mostly 1 (online), timestamp the wall clock given.
class sensor_generator {
public:
  /// `opts.sensors` must be positive and every sensorId an int:
  /// 0 <= sensor_offset, sensor_offset + sensors <= 2^31.
  explicit sensor_generator(sensor_generator_options opts);

  /// The fields of reading number `index` as of `now_ms` (milliseconds
  /// since the epoch). The same (seed, index) give the same fields but the
  /// timestamp, which is `now_ms`.
  avro_fields fields(uint64_t index, int64_t now_ms) const;

  /// Appends reading `index` as the seed's producer's JSON (no newline):
  /// {"sensorId":..,"sensorType":..,"temperature":..,"humidity":..,
  /// "pressure":..,"batteryLevel":..,"status":..,"timestamp":..}.
  void json(uint64_t index, int64_t now_ms, std::string& out) const;

  /// Appends reading `index` as one raw Avro record (encode_avro).
  void avro(uint64_t index, int64_t now_ms, std::string& out) const;

private:
  sensor_generator_options opts_;
};

/// Appends `fields` as the seed's producer's JSON, the numbers written so
/// that they read back exactly (the same reading as their Avro).
void format_json(const avro_fields& fields, std::string& out);

} // namespace eddy::sensors
