// Describes the telemetry job (seed 004): raw events in, parsed and
// validated at the sources (refusals are dead letters), event time with
// bounded out-of-orderness, deduplicated per sensor, validated events out.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "caf/expected.hpp"

#include "apps/telemetry/telemetry_event.hpp"
#include "apps/telemetry/telemetry_options.hpp"
#include "runtime/job_plan.hpp"
#include "runtime/source_plan.hpp"

namespace eddy::telemetry {

/// The outputs, by name: the events let through (flagged, with
/// processed_at), and the duplicates dropped.
inline const std::string validated_output = "validated";
inline const std::string duplicates_output = "duplicates";

/// Reads and validates one event at wall clock `wall_ms`; fails with
/// ec::malformed_record saying why (a dead letter).
[[nodiscard]] caf::expected<event> read_event(std::string_view json,
                                              const validation_rules& rules,
                                              int64_t wall_ms);

/// The sources the options ask for: Kafka, MQTT, the generator (whose
/// events go through the same parse and validation as the others').
std::vector<source_plan<event>> sources_of(const options& opts);

/// The job over `sources`.
[[nodiscard]] caf::expected<job_plan>
plan(const options& opts, std::vector<source_plan<event>> sources);

} // namespace eddy::telemetry
