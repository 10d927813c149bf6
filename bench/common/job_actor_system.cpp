// Reads every job's settings and starts an actor system for a job.
#include "bench/common/job_actor_system.hpp"

#include "apps/eddy/job_catalog.hpp"
#include "bench/common/bench_failure.hpp"
#include "messages/error.hpp"

namespace eddy::bench {

settings settings_of(const setting_list& list) {
  auto cfg = settings::defaults(catalog_keys());
  for (auto& [key, value] : list)
    if (auto err = cfg.set(key, value, "--set"))
      throw bench_failure{describe(err)};
  return cfg;
}

job_actor_system::job_actor_system(const settings& cfg) {
  sys_cfg_.set("scheduler.max-threads",
               static_cast<size_t>(cfg.get_int("scheduler.threads")));
  sys_cfg_.set("logger.verbosity", caf::atom("quiet"));
  sys_ = std::make_unique<caf::actor_system>(sys_cfg_);
}

} // namespace eddy::bench
