// The read figures' job settings.
#include "bench/http/job_settings.hpp"

#include "apps/eddy/job_catalog.hpp"
#include "config/settings.hpp"

namespace eddy::bench::http {

int64_t window_size_ms(const bench_options& opts) {
  if (opts.quick)
    return quick_window_ms;
  return settings::defaults(catalog_keys()).get_int("window.size.ms");
}

setting_list job_settings(const std::string& dir, const bench_options& opts) {
  return {{"state.dir", dir + "/state"},
          {"output.dir", dir + "/out"},
          {"savepoint.dir", dir + "/savepoints"},
          {"num.items", std::to_string(opts.items)},
          {"generator.enabled", "false"},
          {"transaction.results.sink", "none"},
          {"query.results.sink", "none"},
          {"alert.sink", "none"},
          {"http.threads", std::to_string(opts.http_threads)},
          {"window.size.ms", std::to_string(window_size_ms(opts))}};
}

setting_list ingesting(setting_list base) {
  base.emplace_back("generator.enabled", "true");
  base.emplace_back("generator.rate", std::to_string(ingest_rate));
  return base;
}

} // namespace eddy::bench::http
