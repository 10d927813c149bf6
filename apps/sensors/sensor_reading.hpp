// The IoT sensor rollup's input: one reading as the seed's SensorRecord holds
// it, in ClickHouse's column names, whichever format it came in.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace eddy::sensors {

/// One reading. The defaults are the seed's for what an input lacks (the
/// Avro schema carries only sensorId, sensorType, temperature, humidity,
/// pressure, batteryLevel, status and timestamp).
struct reading {
  std::string device_id;   // "sensor_<sensorId>", or the input's device_id
  std::string device_type; // "temperature_sensor" ... of sensorType
  std::string customer_id = "customer_0001";
  std::string site_id;      // "site_%03d" of sensorId % 100 + 1
  int64_t timestamp_ms = 0; // event time; 0 when the input has none
  double temperature = 0.0;
  double humidity = 0.0;
  double pressure = 1013.25;
  double co2_level = 400.0;
  double noise_level = 50.0;
  double light_level = 500.0;
  double battery_level = 100.0;
  double signal_strength = -50.0;
  int32_t motion_detected = 0; // 1: motion
  int32_t status = 1;          // 1 online, 2 offline, 3 maintenance, 4 error
  int32_t error_count = 0;
  int64_t packets_sent = 0;
  int64_t packets_received = 0;
  int64_t bytes_sent = 0;
  int64_t bytes_received = 0;

  friend bool operator==(const reading&, const reading&) = default;
};

/// The seed's name of a sensorType: 1 temperature_sensor, 2 humidity_sensor,
/// 3 pressure_sensor, 4 motion_sensor, 5 light_sensor, 6 co2_sensor,
/// 7 noise_sensor, 8 multisensor, else "sensor_type_<n>".
std::string device_type_of(int32_t sensor_type);

/// The seed's site of a sensor: "site_%03d" of `sensor_id % 100 + 1`.
std::string site_of(int32_t sensor_id);

/// The seed's status of a name: online 1, offline 2, maintenance 3, anything
/// else 4 (error); case-insensitive.
int32_t status_of(std::string_view name);

} // namespace eddy::sensors
