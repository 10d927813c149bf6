// The figures' job settings.
#include "bench/throughput/throughput_settings.hpp"

#include "apps/eddy/job_catalog.hpp"
#include "config/settings.hpp"

namespace eddy::bench {

namespace {

constexpr int64_t quick_window_ms = 1000;

} // namespace

int64_t summary_window_ms(const throughput_options& opts) {
  return opts.quick ? quick_window_ms
                    : settings::defaults(catalog_keys()).get_int("window.size.ms");
}

setting_list throughput_job_settings(const std::string& dir,
                                     const throughput_options& opts) {
  return {{"state.dir", dir + "/state"},
          {"window.size.ms", std::to_string(summary_window_ms(opts))},
          {"output.dir", dir + "/out"},
          {"savepoint.dir", dir + "/savepoints"},
          {"num.items", std::to_string(opts.items)},
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
