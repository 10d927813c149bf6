// The figures' job settings.
#include "bench/recovery/job_settings.hpp"

#include "apps/eddy/job_catalog.hpp"
#include "config/settings.hpp"

namespace eddy::bench {

int64_t window_size_ms(const bench_options& opts) {
  if (opts.quick)
    return quick_window_ms;
  return settings::defaults(catalog_keys()).get_int("window.size.ms");
}

setting_list job_settings(const std::string& dir, uint64_t items,
                          const bench_options& opts) {
  return {{"state.dir", dir + "/state"},
          {"output.dir", dir + "/out"},
          {"savepoint.dir", dir + "/savepoints"},
          {"num.items", std::to_string(items)},
          {"generator.enabled", "false"},
          {"transaction.results.sink", "none"},
          {"query.results.sink", "none"},
          {"alert.sink", "none"},
          {"window.size.ms", std::to_string(window_size_ms(opts))}};
}

setting_list with_generator(setting_list base, int64_t rate) {
  base.emplace_back("generator.enabled", "true");
  base.emplace_back("generator.rate", std::to_string(rate));
  return base;
}

} // namespace eddy::bench
