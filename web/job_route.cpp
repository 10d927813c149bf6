// Answers GET /v1/jobs/{job} from the jobs' reports.
#include "web/job_route.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "runtime/job_registry.hpp"
#include "web/job_name.hpp"
#include "web/json_bodies.hpp"
#include "web/json_error.hpp"
#include "web/service_error.hpp"

namespace eddy::web {

namespace {

response unknown_job(const std::string& name,
                     const std::vector<job_status>& jobs) {
  std::string known;
  for (const auto& job : jobs)
    known += (known.empty() ? "" : ", ") + job.name;
  return json_error(404, "unknown_job",
                    "job '" + name + "' is unknown; this process runs " +
                        (known.empty() ? "no job" : known));
}

} // namespace

void get_job(std::string_view raw_job, job_registry& jobs,
             response_handler done) {
  auto name = decode_job_name(raw_job);
  if (!name)
    return done(json_error(400, "invalid_job_name", name.error()));
  jobs.jobs([name = std::move(*name), done = std::move(done)](
                caf::expected<std::vector<job_status>> jobs) {
    if (!jobs)
      return done(
          service_error(jobs.error(), "the report of job '" + name + "'"));
    auto match = std::find_if(jobs->begin(), jobs->end(), [&](const auto& job) {
      return job.name == name;
    });
    if (match == jobs->end())
      return done(unknown_job(name, *jobs));
    done(response{.body = job_body(*match)});
  });
}

} // namespace eddy::web
