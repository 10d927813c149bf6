// Answers GET /metrics from the jobs' reports.
#include "web/metrics_route.hpp"

#include <utility>

#include "runtime/job_registry.hpp"
#include "web/metrics_text.hpp"
#include "web/service_error.hpp"

namespace eddy::web {

void get_metrics(job_registry& jobs, response_handler done) {
  jobs.jobs(
      [done = std::move(done)](caf::expected<std::vector<job_status>> jobs) {
        if (!jobs)
          return done(service_error(jobs.error(), "the job report"));
        done(response{.body = metrics_text(*jobs),
                      .content_type = metrics_content_type});
      });
}

} // namespace eddy::web
