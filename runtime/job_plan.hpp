// A job as the pipeline builder describes it, checked and ready to start:
// its name, its graph, and how to start its actors.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "caf/actor_system.hpp"
#include "caf/expected.hpp"

#include "messages/job_status.hpp"
#include "runtime/engine_options.hpp"
#include "runtime/output_writers.hpp"
#include "runtime/pipeline_job.hpp"

namespace eddy {

class job_plan {
public:
  using starter = std::function<caf::expected<std::unique_ptr<pipeline_job>>(
      caf::actor_system&, engine_options, output_writers&)>;

  job_plan(std::string name, job_graph graph, starter start)
      : name_(std::move(name)), graph_(std::move(graph)),
        start_(std::move(start)) {}

  const std::string& name() const noexcept { return name_; }

  /// The graph as described: one node per source, operator and output.
  const job_graph& graph() const noexcept { return graph_; }

  /// Starts the job in `sys` with `options`; each output's sinks write to
  /// the writers `writers` has for it (an output without writers is left
  /// out, or, for window results, discarded). Fails naming the cause, e.g.
  /// a store that cannot be opened or a Kafka source without brokers. A
  /// plan starts once.
  [[nodiscard]] caf::expected<std::unique_ptr<pipeline_job>>
  start(caf::actor_system& sys, engine_options options,
        output_writers writers) && {
    return start_(sys, std::move(options), writers);
  }

private:
  std::string name_;
  job_graph graph_;
  starter start_;
};

} // namespace eddy
