// The Kafka figure's input: Avro readings of the job's generator with event
// times as if they were sent at the target rate; the closers, a reading of
// every sensor two windows later, which close every window of the others;
// and how many windows ClickHouse must then hold.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "apps/sensors/sensor_generator.hpp"

namespace eddy::bench {

/// Readings per second of event time: the Kafka figure's target, so that
/// the readings span as much event time as they would at that rate.
constexpr uint64_t event_readings_per_second = 1'000'000;

class topic_readings {
public:
  /// `readings` readings of sensor_generator (seed 42) over `devices`
  /// sensors, reading i at first_ms() + i / event_readings_per_second s,
  /// where first_ms() is the start of a window half an hour ago; and a
  /// closer per sensor, all at the start of the window after next after
  /// the last reading's, so that the watermark passes every window of the
  /// readings (windows of `window`, tumbling, aligned to the epoch).
  topic_readings(uint64_t readings, int64_t devices,
                 std::chrono::milliseconds window);

  uint64_t readings() const noexcept { return readings_; }

  uint64_t closers() const noexcept { return static_cast<uint64_t>(devices_); }

  /// Reading `i`: its key (the device id, "sensor_<n>") and its payload
  /// (one raw Avro record of SensorData.avsc).
  void make(uint64_t i, std::string& key, std::string& payload) const;

  /// The closer of sensor `d`, as make() makes a reading.
  void make_closer(uint64_t d, std::string& key, std::string& payload) const;

  /// The (device, window) pairs of the readings, closers left out: the
  /// rows the job's ClickHouse table must hold once every window closed.
  /// Counted by going through all the readings.
  uint64_t windows() const;

  int64_t first_ms() const noexcept { return first_ms_; }

private:
  int64_t event_time_of(uint64_t i) const;

  uint64_t readings_;
  int64_t devices_;
  int64_t window_ms_;
  int64_t first_ms_;
  int64_t closer_ms_;
  sensors::sensor_generator generate_;
};

} // namespace eddy::bench
