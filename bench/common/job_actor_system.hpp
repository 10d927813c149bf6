// What a job in this process starts from: every job's settings, and an
// actor system of its own with the scheduler threads they ask for.
#pragma once

#include <memory>

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"

#include "bench/common/setting_list.hpp"
#include "config/settings.hpp"

namespace eddy::bench {

/// The eddy program's defaults (every job's keys), then `list`. Throws
/// bench_failure naming a bad key or value.
settings settings_of(const setting_list& list);

class job_actor_system {
public:
  /// An actor system with `cfg`'s scheduler.threads, CAF's own log quiet.
  explicit job_actor_system(const settings& cfg);

  job_actor_system(const job_actor_system&) = delete;
  job_actor_system& operator=(const job_actor_system&) = delete;

  caf::actor_system& get() { return *sys_; }

private:
  caf::actor_system_config sys_cfg_;
  std::unique_ptr<caf::actor_system> sys_;
};

} // namespace eddy::bench
