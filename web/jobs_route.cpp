// Answers GET /v1/jobs from the inventory service's status report.
#include "web/jobs_route.hpp"

#include <utility>

#include "messages/inventory_service.hpp"
#include "web/json_bodies.hpp"
#include "web/service_error.hpp"

namespace eddy::web {

void get_jobs(inventory_service& service, response_handler done) {
  service.jobs(
      [done = std::move(done)](caf::expected<std::vector<job_status>> jobs) {
        if (!jobs)
          return done(service_error(jobs.error(), "the job report"));
        done(response{.body = jobs_body(*jobs)});
      });
}

} // namespace eddy::web
