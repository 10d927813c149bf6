// Answers GET /metrics from the inventory service's status report.
#include "web/metrics_route.hpp"

#include <utility>

#include "messages/inventory_service.hpp"
#include "web/metrics_text.hpp"
#include "web/service_error.hpp"

namespace eddy::web {

void get_metrics(inventory_service& service, response_handler done) {
  service.jobs(
      [done = std::move(done)](caf::expected<std::vector<job_status>> jobs) {
        if (!jobs)
          return done(service_error(jobs.error(), "the job report"));
        done(response{.body = metrics_text(*jobs),
                      .content_type = metrics_content_type});
      });
}

} // namespace eddy::web
