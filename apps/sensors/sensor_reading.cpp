// The seed's mappings from the numbers an input carries to the names the
// ClickHouse table holds (JDBCFlinkConsumer's SensorRecord).
#include "apps/sensors/sensor_reading.hpp"

#include <array>
#include <cctype>
#include <cstdio>

namespace eddy::sensors {

namespace {

using namespace std::string_view_literals;

// The seed's getSensorTypeString, types 1 to 8 (its producer's mapping).
constexpr std::array sensor_type_names = {
    "temperature_sensor"sv, "humidity_sensor"sv, "pressure_sensor"sv,
    "motion_sensor"sv,      "light_sensor"sv,    "co2_sensor"sv,
    "noise_sensor"sv,       "multisensor"sv};

bool equals_ignoring_case(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size())
    return false;
  for (size_t i = 0; i < text.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != lower[i])
      return false;
  return true;
}

} // namespace

std::string device_type_of(int32_t sensor_type) {
  if (sensor_type >= 1 && sensor_type <= 8)
    return std::string{sensor_type_names[sensor_type - 1]};
  return "sensor_type_" + std::to_string(sensor_type);
}

std::string site_of(int32_t sensor_id) {
  // Java's % keeps the dividend's sign, as C++'s does: sensor -5 is at
  // "site_-04", as String.format("%03d", -4) writes it (so does printf).
  char text[16];
  auto size =
      std::snprintf(text, sizeof text, "site_%03d", sensor_id % 100 + 1);
  return std::string(text, static_cast<size_t>(size));
}

int32_t status_of(std::string_view name) {
  if (equals_ignoring_case(name, "online"))
    return 1;
  if (equals_ignoring_case(name, "offline"))
    return 2;
  if (equals_ignoring_case(name, "maintenance"))
    return 3;
  return 4;
}

} // namespace eddy::sensors
