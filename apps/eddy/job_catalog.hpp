// Every job the eddy program can run, by name: its keys and how it starts.
// Adding a job is a row here and a folder in apps/.
#pragma once

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "caf/actor_system.hpp"
#include "caf/expected.hpp"

#include "config/keys.hpp"
#include "config/settings.hpp"
#include "runtime/job.hpp"
#include "web/route_table.hpp"

namespace eddy {

struct job_kind {
  std::string_view name;
  key_table keys;
  /// Starts the job from the settings (its sources and outputs), adding its
  /// own routes to `routes`. Fails naming the cause.
  std::function<caf::expected<std::shared_ptr<job>>(
      caf::actor_system&, const settings&, web::route_table&)>
      start;
};

/// The jobs, in the order --help lists their keys.
const std::vector<job_kind>& job_catalog();

/// The shared keys and every job's.
key_registry catalog_keys();

/// The job called `name`, or nullptr.
const job_kind* find_job_kind(std::string_view name);

/// The jobs `jobs=` (or its alias `job=`) names, in order. Fails with
/// ec::invalid_config naming an unknown or repeated job, an empty list, or
/// `job` and `jobs` set to different jobs.
[[nodiscard]] caf::expected<std::vector<const job_kind*>>
jobs_to_run(const settings& cfg);

} // namespace eddy
