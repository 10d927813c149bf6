// Answers GET /v1/jobs from the jobs' reports.
#include "web/jobs_route.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

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

// What keeps the jobs from being ready: the first job, and the partition or
// source of it, that is not, and why. Empty `job` if they are ready.
struct not_ready {
  std::string job;
  std::optional<int32_t> partition;
  std::string source;
  std::string state; // of that partition, source or else the job
  std::string reason;

  // "job inventory: source kafka is disconnected (why)", "job x is failed:
  // why".
  std::string detail() const {
    if (!partition && source.empty())
      return "job " + job + " is " + state +
             (reason.empty() ? "" : ": " + reason);
    auto what = partition ? "partition " + std::to_string(*partition)
                          : "source " + source;
    return "job " + job + ": " + what + " is " + state +
           (reason.empty() ? "" : " (" + reason + ")");
  }
};

not_ready first_not_ready(const std::vector<job_status>& jobs) {
  not_ready result;
  for (const auto& job : jobs) {
    result.job = job.name;
    for (const auto& p : job.partitions)
      if (p.state != run_state::running) {
        result.partition = p.id;
        result.state = to_string(p.state);
        result.reason = p.last_restart_reason;
        return result;
      }
    if (job.state != run_state::running) {
      result.state = to_string(job.state);
      result.reason = job.failure;
      return result;
    }
    for (const auto& src : job.sources)
      if (blocks_readiness(src.state)) {
        result.source = src.name;
        result.state = to_string(src.state);
        result.reason = src.reason;
        return result;
      }
  }
  return {};
}

// 503 with the error body plus, for programs, who is not ready and why.
response not_ready_response(const not_ready& blocker) {
  nlohmann::ordered_json body{{"error", "not_ready"},
                              {"detail", blocker.detail()},
                              {"job", blocker.job}};
  if (blocker.partition)
    body["partition"] = *blocker.partition;
  if (!blocker.source.empty())
    body["source"] = blocker.source;
  body["state"] = blocker.state;
  body["reason"] = blocker.reason;
  response result{.status = 503,
                  .body = body.dump(-1, ' ', false,
                                    nlohmann::json::error_handler_t::replace)};
  result.headers.emplace_back("Retry-After", "1");
  return result;
}

} // namespace

void get_readiness(job_registry& jobs, response_handler done) {
  jobs.jobs(
      [done = std::move(done)](caf::expected<std::vector<job_status>> jobs) {
        if (!jobs)
          return done(service_error(jobs.error(), "the job report"));
        auto blocker = first_not_ready(*jobs);
        if (blocker.job.empty())
          return done(response{.body = R"({"status":"ready"})"});
        done(not_ready_response(blocker));
      });
}

} // namespace eddy::web
