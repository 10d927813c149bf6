// The sensors job's expected rollups, computed apart from the job (readings
// read with nlohmann, windows summed by hand), and the rollups a run wrote
// to ClickHouse, for comparison.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace eddy::test {

/// Readings of the job's generator: their Kafka keys (the sensor), what is
/// sent (JSON or Avro) and the same readings as JSON, for the reference.
struct sensor_readings {
  std::vector<std::string> keys;
  std::vector<std::string> payloads;
  std::vector<std::string> json;

  /// Readings [from, from + n).
  sensor_readings slice(size_t from, size_t n) const;
};

/// `count` readings of the generator (seed 7) over `sensors` sensors, the
/// i-th at `first_ms + i * step_ms`, as JSON (or Avro if `avro`).
sensor_readings generated_readings(int64_t count, int64_t sensors,
                                   int64_t first_ms, int64_t step_ms,
                                   bool avro = false);

/// What a test compares of one device's window.
struct rollup_values {
  int64_t readings = 0;
  double temperature_min = 0, temperature_max = 0, temperature_avg = 0;
  double humidity_min = 0, humidity_max = 0, humidity_avg = 0;
  double pressure_avg = 0;
  double battery_min = 0, battery_avg = 0;
  int64_t status = 0;
};

/// Rollups by "<device_id>@<window start, Unix seconds>".
using rollup_table = std::map<std::string, rollup_values>;

/// The rollups of `readings` in event-time tumbling windows of
/// `window_ms`; 0: all in one window, keyed "<device_id>@*".
rollup_table expected_rollups(const sensor_readings& readings,
                              int64_t window_ms);

/// `rows` keyed "<device_id>@*" (processing time: which window is not
/// known ahead); a device's second window fails the test.
rollup_table in_one_window(const rollup_table& rows);

/// The query that reads a run's rows back, each window once.
std::string rollups_query(const std::string& table);

/// The rollups of what rollups_query answered (JSONEachRow).
rollup_table rollups_of_rows(const std::string& rows);

/// Whether the two agree (averages to 1e-9 relative).
bool same_rollups(const rollup_table& expected, const rollup_table& got);

/// The first few differences, for a failure message.
std::string first_differences(const rollup_table& expected,
                              const rollup_table& got);

/// Writes `readings` to `topic`, each keyed by its sensor.
void produce_readings(const std::string& bootstrap, const std::string& topic,
                      const sensor_readings& readings);

} // namespace eddy::test
