// The telemetry job's record: one sensor event as the seed's MQTT publisher
// sends it, with the flag validation gave it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace eddy::telemetry {

/// What validation made of an event that passed.
enum class quality : uint8_t {
  /// Its own quality_flag stands.
  as_sent,
  /// Its value is outside its sensor type's range.
  out_of_range,
  /// Its sensor type has no range.
  unknown_type,
  /// Deduplication dropped it: the same event came before.
  duplicate,
};

struct event {
  std::string event_id;
  int64_t timestamp_ms = 0; // event time
  std::string site_id;
  std::string asset_id;
  std::string sensor_type; // e.g. "TEMPERATURE"
  std::string sensor_id;   // optional: empty when the event has none
  double value = 0.0;
  std::string unit;
  /// The event's own flag ("GOOD" when it has none), or what validation set:
  /// "OUT_OF_RANGE", "UNKNOWN_TYPE".
  std::string quality_flag = "GOOD";
  quality checked = quality::as_sent;
  /// The metadata object as its JSON text, e.g.
  /// {"firmware_version":"1.2.3","location":"north"}; empty when absent.
  std::string metadata;
  std::string source;         // e.g. "MQTT"; empty when absent
  std::string schema_version; // e.g. "1.0.0"; empty when absent
  /// "site_id:asset_id:sensor_id", the dedup key (the seed's).
  std::string key;
  /// When the job let it through (wall clock ms); 0 before.
  int64_t processed_at = 0;

  friend bool operator==(const event&, const event&) = default;
};

/// The seed's dedup key of an event.
std::string key_of(std::string_view site_id, std::string_view asset_id,
                   std::string_view sensor_id);

/// Appends the event as the validated topic carries it: its fields in the
/// input's names, quality_flag as set, metadata as it came, and
/// processed_at; no newline.
void format_json(const event& e, std::string& out);

} // namespace eddy::telemetry
