// Starts the IPDR rollup (seed 000) from the settings: its sources, its
// pipeline and the writers of its outputs.
#pragma once

#include <memory>

#include "caf/actor_system.hpp"
#include "caf/expected.hpp"

#include "config/keys.hpp"
#include "config/settings.hpp"
#include "runtime/pipeline_job.hpp"

namespace eddy::ipdr {

/// Starts the job `ipdr` as the `ipdr.*` keys and the shared ones say.
/// Fails naming the key of a bad setting (an unknown ipdr.timezone, Kafka
/// without kafka.bootstrap.servers) or what could not be opened.
[[nodiscard]] caf::expected<std::unique_ptr<pipeline_job>>
start(caf::actor_system& sys, const settings& cfg);

} // namespace eddy::ipdr
