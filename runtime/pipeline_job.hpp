// A job the pipeline builder described, running: the job interface over
// its keyed stage, with the actors' rates, and typed access for its app
// (ports to feed it, reads of its values).
#pragma once

#include <any>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "caf/expected.hpp"

#include "actors/rate_sampler.hpp"
#include "messages/error.hpp"
#include "runtime/job.hpp"
#include "runtime/ports.hpp"
#include "runtime/stage_runtime.hpp"

namespace eddy {

class pipeline_job final : public job {
public:
  /// Makes the job's own figures now (see set_figures).
  using figure_source = std::function<std::vector<job_figure>()>;

  pipeline_job(std::string name, std::shared_ptr<stage_runtime> stage);

  ~pipeline_job() override;

  // -- job --------------------------------------------------------------------

  const std::string& name() const override { return name_; }
  job_graph graph() const override;
  /// The report now, with the actors' rates.
  job_status status() const override;
  void checkpoint(callback<checkpoint_status> done) override;
  void savepoint(callback<std::string> done) override;
  void inject_fault(fault_request fault, callback<std::string> done) override;
  caf::expected<nlohmann::json> state_of(std::string_view key) override;
  void stop() override;

  // -- for the job's app and tests
  // ------------------------------------------------

  /// The port of the request source `source` (records In, outputs Out), or
  /// null if there is none of these types.
  template <class In, class Out>
  std::shared_ptr<request_port<In, Out>>
  request_port_of(const std::string& source) const {
    return std::dynamic_pointer_cast<request_port<In, Out>>(
        stage_->port(source));
  }

  /// The port of the manual source `source`, which takes records `R` (as
  /// the source was declared), or nothing if there is no such source.
  template <class R>
  std::optional<manual_port<R>>
  manual_port_of(const std::string& source) const {
    auto feed = std::dynamic_pointer_cast<manual_feed>(stage_->port(source));
    if (!feed)
      return std::nullopt;
    return manual_port<R>{std::move(feed)};
  }

  /// The process function's value of `key` (nothing if it has none), read
  /// on the calling thread; fails like state_of.
  template <class V>
  caf::expected<std::optional<V>> value_of(std::string_view key) const {
    auto value = stage_->value_of(key);
    if (!value)
      return value.error();
    if (!value->has_value())
      return std::optional<V>{};
    if (auto* typed = std::any_cast<V>(&*value))
      return std::optional<V>{std::move(*typed)};
    return make_error(ec::invalid_config,
                      "the values of job " + name_ + " are of another type");
  }

  /// The job's own figures, drawn on its dashboard panel: status() calls
  /// `figures` for every report, on whichever thread asks (the HTTP front,
  /// the live feed), possibly on several at once, so it must be
  /// thread-safe (e.g. read atomic counters, or copy under a mutex) and
  /// quick. Replaces the function set before; an empty one reports none.
  void set_figures(figure_source figures);

  /// Takes a checkpoint and waits for it.
  checkpoint_status checkpoint_now() { return stage_->checkpoint_now(); }

  int32_t partition_of(std::string_view key) const {
    return stage_->partition_of(key);
  }

  caf::expected<position_map> applied_positions(int32_t p) {
    return stage_->applied_positions(p);
  }

private:
  job_status counters_status() const { return stage_->status(); }
  std::vector<job_figure> figures() const;

  std::string name_;
  std::shared_ptr<stage_runtime> stage_;
  std::unique_ptr<rate_sampler> rates_; // null once stopping
  // Shared, so that a report calls the function outside the lock while
  // set_figures may replace it.
  mutable std::mutex figures_mtx_;
  std::shared_ptr<const figure_source> figures_;
};

} // namespace eddy
