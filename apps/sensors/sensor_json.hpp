// A reading as JSON, in the names the seed's JSON constructor reads (its
// producer's camelCase ones and the ClickHouse column names), with simdjson:
// the job's hot path when its input is JSON.
#pragma once

#include <string_view>

#include "caf/expected.hpp"

#include "apps/sensors/sensor_reading.hpp"

namespace eddy::sensors {

/// The reading of one JSON object. Safe to call from several threads (each
/// uses a parser of its own); allocates only the reading's strings.
///
/// The device is `sensorId` (an integer or a string: "sensor_<sensorId>")
/// or else `device_id` (a string, as it is); its type `sensorType` (an
/// integer: device_type_of; a string as it is) or else `device_type`, else
/// "unknown"; its site `site_id`, else `location`, else site_of(sensorId)
/// when sensorId is a 32-bit integer (or a string that reads as one), else
/// "site_001". Numbers: `temperature`, `humidity`, `pressure`, `co2_level`,
/// `noise_level`, `light_level`, `batteryLevel` (else `battery_level`),
/// `signal_strength`; integers: `motion_detected` (0 or 1), `status` (or a
/// name: status_of), `error_count`, `packets_sent`, `packets_received`,
/// `bytes_sent`, `bytes_received` and `timestamp` (milliseconds); strings:
/// `customer_id`. A field that is absent or null takes the default of
/// `reading`; a repeated one counts with its last value (as Jackson reads
/// it); unknown fields are ignored.
///
/// Fails with ec::malformed_record saying why: invalid JSON, not an object,
/// neither sensorId nor device_id, a field of the wrong type (naming it) or
/// an integer out of its field's range.
///
/// Where the seed's JSON constructor differs, this reads as its Avro one,
/// so that both formats of the same reading agree: the seed keeps sensorId
/// and sensorType as their text ("12345", "1") and places a reading without
/// site_id or location at "site_001".
[[nodiscard]] caf::expected<reading> parse_json(std::string_view json);

} // namespace eddy::sensors
