// A telemetry event as JSON (the seed's MQTT publisher's fields), read with
// simdjson: the job's hot path.
#pragma once

#include <string_view>

#include "caf/expected.hpp"

#include "apps/telemetry/telemetry_event.hpp"

namespace eddy::telemetry {

/// The event of one JSON object. Safe to call from several threads (each
/// uses a parser of its own).
///
/// Required: `event_id`, `site_id`, `asset_id`, `sensor_type`, `unit`
/// (strings), `timestamp` (an integer, ms) and `value` (a number). Optional:
/// `sensor_id` (a string or an integer, kept as text), `quality_flag`,
/// `source`, `schema_version` (strings), `metadata` (an object, kept as its
/// JSON). Null counts as absent; unknown fields are ignored.
///
/// Fails with ec::malformed_record saying why: invalid JSON, not an object,
/// a required field missing, or a field of the wrong type (naming it).
[[nodiscard]] caf::expected<event> parse_json(std::string_view json);

} // namespace eddy::telemetry
