// The IoT sensor rollup (seed 001) as the job `sensors`: readings from
// Kafka, MQTT or the built-in generator, per-device windows, rollups into
// ClickHouse (or stdout), alerts to Kafka, a file or stdout.
#pragma once

#include <memory>

#include "caf/actor_system.hpp"
#include "caf/expected.hpp"

#include "config/settings.hpp"
#include "runtime/pipeline_job.hpp"

namespace eddy::sensors {

/// Starts the job from the `sensors.*` keys and the shared ones. Fails
/// naming what is wrong: no input, a Kafka output without
/// kafka.bootstrap.servers, an unwritable output file, a bad ClickHouse URL.
[[nodiscard]] caf::expected<std::unique_ptr<pipeline_job>>
start(caf::actor_system& sys, const settings& cfg);

} // namespace eddy::sensors
