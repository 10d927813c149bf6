// Starting from a savepoint (`eddy --from-savepoint DIR`, Flink's
// `flink run -s`): the savepoint becomes the state directory of a new run.
#pragma once

#include <string>

#include "caf/expected.hpp"

namespace eddy {

/// Copies the savepoint in `savepoint` into `state_dir`, which must be
/// missing or empty (a run's state is never overwritten). The job started
/// on `state_dir` then resumes from the savepoint's positions. Fails with
/// ec::invalid_config naming the directory that is wrong.
[[nodiscard]] caf::expected<void>
restore_savepoint(const std::string& savepoint, const std::string& state_dir);

} // namespace eddy
