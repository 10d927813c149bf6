// Answers GET /v1/jobs from the jobs' reports.
#include "web/jobs_route.hpp"

#include <utility>

#include "runtime/job_registry.hpp"
#include "web/json_bodies.hpp"
#include "web/json_error.hpp"
#include "web/service_error.hpp"

namespace eddy::web {

void get_jobs(job_registry& jobs, response_handler done) {
  jobs.jobs(
      [done = std::move(done)](caf::expected<std::vector<job_status>> jobs) {
        if (!jobs)
          return done(service_error(jobs.error(), "the job report"));
        done(response{.body = jobs_body(*jobs)});
      });
}

namespace {

// Why the jobs are not ready, or nothing if they are.
std::string not_ready_reason(const std::vector<job_status>& jobs) {
  for (const auto& job : jobs) {
    for (const auto& p : job.partitions)
      if (p.state != run_state::running)
        return "job " + job.name + ": partition " + std::to_string(p.id) +
               " is " + std::string{to_string(p.state)} +
               (p.last_restart_reason.empty()
                    ? std::string{}
                    : " (" + p.last_restart_reason + ")");
    if (job.state != run_state::running)
      return "job " + job.name + " is " + std::string{to_string(job.state)} +
             (job.failure.empty() ? std::string{} : ": " + job.failure);
  }
  return {};
}

} // namespace

void get_readiness(job_registry& jobs, response_handler done) {
  jobs.jobs(
      [done = std::move(done)](caf::expected<std::vector<job_status>> jobs) {
        if (!jobs)
          return done(service_error(jobs.error(), "the job report"));
        auto reason = not_ready_reason(*jobs);
        if (reason.empty())
          return done(response{.body = R"({"status":"ready"})"});
        auto result = json_error(503, "not_ready", reason);
        result.headers.emplace_back("Retry-After", "1");
        done(std::move(result));
      });
}

} // namespace eddy::web
