// Checks a pipeline's description and makes its plan.
#include "runtime/pipeline.hpp"

namespace eddy {

caf::expected<job_plan> pipeline::build() && {
  auto& st = *state_;
  if (!st.error.empty())
    return make_error(ec::invalid_config, "job " + st.job + ": " + st.error);
  if (!st.start)
    return make_error(ec::invalid_config,
                      "job " + st.job +
                          " has no keyed stage: key_by, then process or "
                          "window");
  auto name = st.job;
  auto graph = st.graph;
  return job_plan{
      name, graph,
      [name, graph, start = st.start,
       spawners = st.spawners](caf::actor_system& sys, engine_options options,
                               output_writers& writers)
          -> caf::expected<std::unique_ptr<pipeline_job>> {
        auto stage = start(sys, std::move(options), writers, spawners, graph);
        if (!stage)
          return stage.error();
        return std::make_unique<pipeline_job>(name, std::move(*stage));
      }};
}

} // namespace eddy
