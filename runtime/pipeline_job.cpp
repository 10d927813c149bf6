// The job interface over a running keyed stage.
#include "runtime/pipeline_job.hpp"

#include <nlohmann/json.hpp>

namespace eddy {

pipeline_job::pipeline_job(std::string name,
                           std::shared_ptr<stage_runtime> stage)
    : name_(std::move(name)), stage_(std::move(stage)) {
  rates_ = std::make_unique<rate_sampler>(
      [this] { return actor_totals(counters_status()); });
}

pipeline_job::~pipeline_job() {
  stop();
}

job_graph pipeline_job::graph() const {
  return stage_->graph();
}

job_status pipeline_job::status() const {
  auto result = counters_status();
  result.name = name_;
  // Null only while stopping, after the HTTP front stopped asking.
  if (rates_)
    add_rates(result, rates_->rates());
  result.figures = figures();
  return result;
}

void pipeline_job::set_figures(figure_source figures) {
  auto shared = figures
                    ? std::make_shared<const figure_source>(std::move(figures))
                    : nullptr;
  std::lock_guard guard{figures_mtx_};
  figures_ = std::move(shared);
}

std::vector<job_figure> pipeline_job::figures() const {
  std::shared_ptr<const figure_source> current;
  {
    std::lock_guard guard{figures_mtx_};
    current = figures_;
  }
  return current ? (*current)() : std::vector<job_figure>{};
}

void pipeline_job::checkpoint(callback<checkpoint_status> done) {
  done(stage_->checkpoint_now());
}

void pipeline_job::savepoint(callback<std::string> done) {
  stage_->savepoint(std::move(done));
}

void pipeline_job::inject_fault(fault_request fault,
                                callback<std::string> done) {
  done(stage_->inject_fault(fault));
}

caf::expected<nlohmann::json> pipeline_job::state_of(std::string_view key) {
  return stage_->state_of(key);
}

void pipeline_job::stop() {
  // The sampler reads the sources, which stopping stops.
  rates_.reset();
  stage_->stop();
}

} // namespace eddy
