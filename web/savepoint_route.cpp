// Answers POST /v1/jobs/{job}/savepoints by asking the jobs for
// a savepoint.
#include "web/savepoint_route.hpp"

#include <string>
#include <utility>

#include "runtime/job_registry.hpp"
#include "web/job_name.hpp"
#include "web/json_bodies.hpp"
#include "web/json_error.hpp"
#include "web/service_error.hpp"

namespace eddy::web {

void post_savepoint(std::string_view raw_job, job_registry& jobs,
                    response_handler done) {
  auto name = decode_job_name(raw_job);
  if (!name)
    return done(json_error(400, "invalid_job_name", name.error()));
  auto subject = "job '" + *name + "'";
  jobs.savepoint(
      std::move(*name), [subject = std::move(subject), done = std::move(done)](
                            caf::expected<std::string> path) {
        if (!path)
          return done(service_error(path.error(), subject, "unknown_job"));
        done(response{.status = 201, .body = savepoint_body(*path)});
      });
}

} // namespace eddy::web
