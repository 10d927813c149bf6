// Seed 003 as a job: machine states in, each quantity out to machine.data,
// torques joined with speeds into powers out to machine.out, both into
// InfluxDB; the machines panel on the dashboard.
#pragma once

#include <memory>

#include "caf/actor_system.hpp"
#include "caf/expected.hpp"

#include "config/settings.hpp"
#include "runtime/pipeline_job.hpp"

namespace eddy::machines {

/// Starts the job from the `machines.*` and shared keys; fails naming a
/// bad option, a missing kafka.* key or a sink that cannot be made.
[[nodiscard]] caf::expected<std::unique_ptr<pipeline_job>>
start(caf::actor_system& sys, const settings& cfg);

} // namespace eddy::machines
