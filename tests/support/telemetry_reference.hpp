// What the telemetry job must produce, computed apart from the engine: a
// workload of the generator's events with duplicates, out-of-range values,
// unknown types, malformed, stale and future events mixed in, and the
// events that must pass, each with its flag.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace eddy::test {

/// An event that must reach the outputs once.
struct expected_event {
  std::string key; // site_id:asset_id:sensor_id
  int64_t timestamp_ms = 0;
  double value = 0.0;
  std::string quality_flag;
};

struct telemetry_workload {
  /// The Kafka messages in order: keys and payloads.
  std::vector<std::string> keys;
  std::vector<std::string> payloads;
  /// What must pass, by event_id.
  std::map<std::string, expected_event> expected;
  size_t duplicates = 0;
  size_t malformed = 0;
  size_t stale = 0; // stale or from the future

  /// Messages [from, from + n) (the expectations stay the whole run's).
  telemetry_workload slice(size_t from, size_t n) const;
};

/// `count` generated events (seed 7, 50 sensors, 5% duplicates, 5% out of
/// range), the i-th at `first_ms + i * step_ms` (all within one dedup
/// window of 60 s, so that every repeat is a duplicate), every 50th of an
/// unknown type, every 100th replaced by a malformed one, every 97th by a
/// stale one and every 89th by one from the future.
telemetry_workload make_workload(int64_t count, int64_t first_ms,
                                 int64_t step_ms);

/// Checks each record of `json_lines` (validated events as JSON) against
/// `expected`: every expected event_id once, with its key, time, value and
/// flag, and nothing else; answers the differences, empty if none.
std::string differences(const std::map<std::string, expected_event>& expected,
                        const std::vector<std::string>& json_events);

} // namespace eddy::test
