// Describes the IoT sensor rollup (seed 001): readings in (JSON or Avro),
// keyed by device, a tumbling window of counts, min/max/avg of every reading
// and sums, rollups out, and an alert for each window that crossed a
// threshold.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "caf/expected.hpp"

#include "apps/sensors/sensor_options.hpp"
#include "apps/sensors/sensor_reading.hpp"
#include "apps/sensors/sensor_rollup.hpp"
#include "runtime/job_plan.hpp"
#include "runtime/source_plan.hpp"

namespace eddy::sensors {

/// The outputs, by name: each closed window's rollup, the alerts, and the
/// readings too late for their window (event time).
inline const std::string rollup_output = "rollups";
inline const std::string alert_output = "alerts";
inline const std::string late_output = "late readings";

/// Reads one reading of the configured format; fails with
/// ec::malformed_record saying why (a dead letter).
using decoder = std::function<caf::expected<reading>(std::string_view)>;

/// The decoder of sensors.input.format. Fails if the Avro schema the
/// program carries does not load.
[[nodiscard]] caf::expected<decoder> decoder_of(input_format format);

/// The sources the options ask for: Kafka, MQTT, the generator (which
/// encodes its readings in the input format and decodes them as the others
/// do: the same path, the same costs).
std::vector<source_plan<reading>> sources_of(const options& opts,
                                             const decoder& decode);

/// The job over `sources`.
[[nodiscard]] caf::expected<job_plan>
plan(const options& opts, std::vector<source_plan<reading>> sources);

} // namespace eddy::sensors
