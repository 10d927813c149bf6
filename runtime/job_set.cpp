// Dispatches the HTTP front's calls to the job they name.
#include "runtime/job_set.hpp"

#include <nlohmann/json.hpp>

#include "messages/error.hpp"

namespace eddy {

namespace {

caf::error no_such_job(std::string_view name) {
  return make_error(ec::unknown_job,
                    "there is no job '" + std::string{name} + "'");
}

} // namespace

void job_set::add(std::shared_ptr<job> started) {
  std::lock_guard guard{mtx_};
  for (auto& existing : jobs_)
    if (existing->name() == started->name()) {
      existing = std::move(started);
      return;
    }
  jobs_.push_back(std::move(started));
}

void job_set::remove(std::string_view name) {
  std::lock_guard guard{mtx_};
  std::erase_if(jobs_, [name](auto& each) { return each->name() == name; });
}

std::shared_ptr<job> job_set::find(std::string_view name) const {
  std::lock_guard guard{mtx_};
  for (auto& candidate : jobs_)
    if (candidate->name() == name)
      return candidate;
  return nullptr;
}

std::vector<std::shared_ptr<job>> job_set::all() const {
  std::lock_guard guard{mtx_};
  return jobs_;
}

void job_set::stop_all() {
  auto running = all();
  for (auto i = running.rbegin(); i != running.rend(); ++i)
    (*i)->stop();
}

void job_set::jobs(callback<std::vector<job_status>> done) {
  std::vector<job_status> reports;
  for (auto& each : all())
    reports.push_back(each->status());
  done(std::move(reports));
}

void job_set::savepoint(std::string job, callback<std::string> done) {
  auto target = find(job);
  if (!target)
    return done(no_such_job(job));
  target->savepoint(std::move(done));
}

void job_set::inject_fault(fault_request fault, callback<std::string> done) {
  auto target = find(fault.job);
  if (!target)
    return done(no_such_job(fault.job));
  target->inject_fault(std::move(fault), std::move(done));
}

caf::expected<nlohmann::json> job_set::state_of(std::string_view job,
                                                std::string_view key) {
  auto target = find(job);
  if (!target)
    return no_such_job(job);
  return target->state_of(key);
}

} // namespace eddy
