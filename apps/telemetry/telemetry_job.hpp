// The telemetry validation and deduplication (seed 004) as the job
// `telemetry`: events from Kafka, MQTT or the built-in generator, validated
// and deduplicated, out to Kafka, PostgreSQL and QuestDB (line protocol).
#pragma once

#include <memory>

#include "caf/actor_system.hpp"
#include "caf/expected.hpp"

#include "config/settings.hpp"
#include "runtime/pipeline_job.hpp"

namespace eddy::telemetry {

/// Starts the job from the `telemetry.*` keys and the shared ones. Fails
/// naming what is wrong: no input, bad ranges, a Kafka output without
/// kafka.bootstrap.servers, a bad database URL.
[[nodiscard]] caf::expected<std::unique_ptr<pipeline_job>>
start(caf::actor_system& sys, const settings& cfg);

} // namespace eddy::telemetry
