// The jobs of one process as the HTTP front sees them: reports of them all,
// and the admin calls and state reads addressed to one job by name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "caf/expected.hpp"

#include "messages/job_status.hpp"
#include "runtime/job.hpp"

namespace eddy {

class job_registry {
public:
  virtual ~job_registry() = default;

  /// Reports every job of the process.
  virtual void jobs(callback<std::vector<job_status>> done) = 0;

  /// Writes a savepoint of `job`. Fails with ec::unknown_job for an unknown
  /// job, otherwise as job::savepoint.
  virtual void savepoint(std::string job, callback<std::string> done) = 0;

  /// Injects `fault` into the job it names. Fails with ec::unknown_job for
  /// an unknown job, otherwise as job::inject_fault.
  virtual void inject_fault(fault_request fault,
                            callback<std::string> done) = 0;

  /// The keyed state of `key` in `job`, as job::state_of. Fails with
  /// ec::unknown_job for an unknown job.
  [[nodiscard]] virtual caf::expected<nlohmann::json>
  state_of(std::string_view job, std::string_view key) = 0;
};

} // namespace eddy
