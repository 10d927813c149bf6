// Writes a validated event as JSON.
#include "apps/telemetry/telemetry_event.hpp"

#include "messages/json_text.hpp"

namespace eddy::telemetry {

std::string key_of(std::string_view site_id, std::string_view asset_id,
                   std::string_view sensor_id) {
  std::string key;
  key.reserve(site_id.size() + asset_id.size() + sensor_id.size() + 2);
  key.append(site_id).append(":").append(asset_id).append(":").append(
      sensor_id);
  return key;
}

void format_json(const event& e, std::string& out) {
  using namespace json_text;
  out += '{';
  auto text = [&out](std::string_view name, std::string_view value) {
    append_name(name, out);
    append_string(value, out);
  };
  text("event_id", e.event_id);
  append_name("timestamp", out);
  append_number(e.timestamp_ms, out);
  text("site_id", e.site_id);
  text("asset_id", e.asset_id);
  text("sensor_type", e.sensor_type);
  if (!e.sensor_id.empty())
    text("sensor_id", e.sensor_id);
  append_name("value", out);
  append_number(e.value, out);
  text("unit", e.unit);
  text("quality_flag", e.quality_flag);
  if (!e.metadata.empty()) {
    append_name("metadata", out);
    out += e.metadata;
  }
  if (!e.source.empty())
    text("source", e.source);
  if (!e.schema_version.empty())
    text("schema_version", e.schema_version);
  append_name("processed_at", out);
  append_number(e.processed_at, out);
  out += '}';
}

} // namespace eddy::telemetry
