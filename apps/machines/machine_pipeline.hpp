// Describes the machine data job (seed 003): machine states in (MQTT, Kafka
// or the generator), read at the sources (a bad state is a dead letter),
// event time with bounded out-of-orderness, keyed by thing, split per
// quantity in the thing's partition, where torques join speeds into powers.
#pragma once

#include <string>
#include <vector>

#include "caf/expected.hpp"

#include "apps/machines/machine_options.hpp"
#include "apps/machines/machine_reading.hpp"
#include "apps/machines/machine_state.hpp"
#include "runtime/job_plan.hpp"
#include "runtime/source_plan.hpp"

namespace eddy::machines {

/// The outputs, by name: every split quantity, the powers, the torques and
/// speeds that came late, the torques no speed joined.
inline const std::string data_output = "data";
inline const std::string powers_output = "powers";
inline const std::string late_output = "late";
inline const std::string unmatched_output = "unmatched";

/// The sources the options ask for: MQTT, Kafka, the generator (whose
/// states are read as the others' are).
std::vector<source_plan<machine_state>> sources_of(const options& opts);

/// The job over `sources`; fails when there is none.
[[nodiscard]] caf::expected<job_plan>
plan(const options& opts, std::vector<source_plan<machine_state>> sources);

} // namespace eddy::machines
