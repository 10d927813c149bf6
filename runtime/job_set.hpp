// The jobs one process runs, by name: what the server starts and stops and
// what the HTTP front asks (see job_registry).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/job.hpp"
#include "runtime/job_registry.hpp"

namespace eddy {

class job_set final : public job_registry {
public:
  /// Adds a started job, in place of the one of the same name if there is
  /// one (a job started again).
  void add(std::shared_ptr<job> started);

  /// Takes the job called `name` out, if there is one.
  void remove(std::string_view name);

  /// The job called `name`, or null.
  std::shared_ptr<job> find(std::string_view name) const;

  /// Every job, in the order added.
  std::vector<std::shared_ptr<job>> all() const;

  /// Stops every job, the last added first. Idempotent.
  void stop_all();

  // -- job_registry -----------------------------------------------------------

  void jobs(callback<std::vector<job_status>> done) override;
  void savepoint(std::string job, callback<std::string> done) override;
  void inject_fault(fault_request fault, callback<std::string> done) override;
  caf::expected<nlohmann::json> state_of(std::string_view job,
                                         std::string_view key) override;

private:
  mutable std::mutex mtx_;
  std::vector<std::shared_ptr<job>> jobs_;
};

} // namespace eddy
