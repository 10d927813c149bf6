// Formats validated events for PostgreSQL and line protocol.
#include "apps/telemetry/telemetry_rows.hpp"

#include <cstdio>
#include <ctime>

#include "connectors/databases/copy_text.hpp"
#include "connectors/databases/line_protocol.hpp"

namespace eddy::telemetry {

namespace {

// "2023-11-14 22:13:20.123+00": what timestamptz reads as that instant.
std::string utc_text(int64_t ms) {
  auto seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  auto millis = ms - seconds * 1000;
  auto t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[96];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d.%03d+00",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec, static_cast<int>(millis));
  return text;
}

} // namespace

std::vector<std::string> postgres_columns() {
  return {"event_id",     "timestamp", "site_id",    "asset_id",
          "sensor_type",  "sensor_id", "value",      "unit",
          "quality_flag", "metadata",  "ingested_at"};
}

std::vector<std::string> postgres_statements(const std::string& table) {
  return {"CREATE TABLE IF NOT EXISTS " + table +
              " (event_id text PRIMARY KEY, timestamp timestamptz NOT NULL, "
              "site_id text NOT NULL, asset_id text NOT NULL, sensor_type text "
              "NOT NULL, sensor_id text, value double precision NOT NULL, unit "
              "text NOT NULL, quality_flag text NOT NULL, metadata jsonb, "
              "ingested_at timestamptz NOT NULL)",
          "CREATE INDEX IF NOT EXISTS " + table + "_by_asset ON " + table +
              " (site_id, asset_id, timestamp)"};
}

void format_row(const event& e, std::string& row) {
  copy_row out{row};
  out.text(e.event_id).text(utc_text(e.timestamp_ms));
  out.text(e.site_id).text(e.asset_id).text(e.sensor_type);
  if (e.sensor_id.empty())
    out.null();
  else
    out.text(e.sensor_id);
  out.number(e.value).text(e.unit).text(e.quality_flag);
  if (e.metadata.empty())
    out.null();
  else
    out.text(e.metadata);
  out.text(utc_text(e.processed_at));
}

void format_line(std::string_view measurement, const event& e,
                 std::string& line) {
  line_builder{line, measurement}
      .tag("site_id", e.site_id)
      .tag("asset_id", e.asset_id)
      .tag("sensor_type", e.sensor_type)
      .tag("sensor_id", e.sensor_id)
      .float_field("value", e.value)
      .string_field("unit", e.unit)
      .string_field("quality_flag", e.quality_flag)
      .string_field("metadata", e.metadata)
      .integer_field("ingested_at", e.processed_at)
      .string_field("event_id", e.event_id)
      .time(e.timestamp_ms);
}

} // namespace eddy::telemetry
