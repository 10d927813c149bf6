// A validated event as the databases store it: a row of PostgreSQL's
// sensor_readings (the seed's fallback INSERT's columns, and event_id,
// unique, so that a replay never doubles a row) and a line of QuestDB's
// (the seed's line, with its timestamp in the unit the request declares).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "apps/telemetry/telemetry_event.hpp"

namespace eddy::telemetry {

/// The columns a row fills, in the order format_row writes them.
std::vector<std::string> postgres_columns();

/// CREATE TABLE IF NOT EXISTS `table` (event_id text PRIMARY KEY,
/// timestamp timestamptz, site_id, asset_id, sensor_type, sensor_id, value
/// double precision, unit, quality_flag, metadata jsonb, ingested_at
/// timestamptz), and an index on (site_id, asset_id, timestamp).
std::vector<std::string> postgres_statements(const std::string& table);

/// Appends `e` as one COPY text row of postgres_columns(); times as UTC
/// text with milliseconds, ingested_at its processed_at.
void format_row(const event& e, std::string& row);

/// Appends `e` as one line of `measurement`: the seed's tags (site_id,
/// asset_id, sensor_type, sensor_id) and fields (value, unit, quality_flag,
/// metadata, ingested_at in ms) and event_id, at its timestamp in ms (the
/// writer declares precision=ms).
void format_line(std::string_view measurement, const event& e,
                 std::string& line);

} // namespace eddy::telemetry
