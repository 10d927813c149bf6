// The figures' job settings.
#include "bench/throughput/throughput_settings.hpp"

namespace eddy::bench {

setting_list throughput_job_settings(const std::string& dir, uint64_t items) {
  return {{"state.dir", dir + "/state"},
          {"output.dir", dir + "/out"},
          {"savepoint.dir", dir + "/savepoints"},
          {"num.items", std::to_string(items)},
          {"generator.enabled", "false"},
          {"transaction.results.sink", "none"},
          {"query.results.sink", "none"},
          {"alert.sink", "none"}};
}

setting_list with_generator_at(setting_list base, int64_t rate) {
  base.emplace_back("generator.enabled", "true");
  base.emplace_back("generator.rate", std::to_string(rate));
  return base;
}

} // namespace eddy::bench
