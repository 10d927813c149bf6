// The jobs eddy runs.
#include "apps/eddy/job_catalog.hpp"

#include <set>
#include <string>
#include <vector>

#include <boost/algorithm/string/classification.hpp>
#include <boost/algorithm/string/split.hpp>
#include <boost/algorithm/string/trim.hpp>

#include "apps/inventory/inventory_job.hpp"
#include "apps/inventory/inventory_options.hpp"
#include "apps/inventory/inventory_routes.hpp"
#include "apps/ipdr/ipdr_job.hpp"
#include "apps/ipdr/ipdr_options.hpp"
#include "apps/machines/machine_job.hpp"
#include "apps/machines/machine_options.hpp"
#include "apps/sensors/sensor_job.hpp"
#include "apps/sensors/sensor_options.hpp"
#include "apps/telemetry/telemetry_job.hpp"
#include "apps/telemetry/telemetry_options.hpp"
#include "messages/error.hpp"

namespace eddy {

namespace {

caf::expected<std::shared_ptr<job>> start_inventory(caf::actor_system& sys,
                                                    const settings& cfg,
                                                    web::route_table& routes) {
  auto outputs = configured_outputs(cfg);
  if (!outputs)
    return outputs.error();
  auto started = inventory_job::start(sys, cfg, std::move(*outputs));
  if (!started)
    return started.error();
  std::shared_ptr<inventory_job> shared = std::move(*started);
  add_inventory_routes(routes, *shared);
  return std::shared_ptr<job>{shared};
}

// A job that needs no route of its own, started by `start(sys, cfg)`.
template <auto start>
caf::expected<std::shared_ptr<job>>
start_pipeline(caf::actor_system& sys, const settings& cfg, web::route_table&) {
  auto started = start(sys, cfg);
  if (!started)
    return started.error();
  return std::shared_ptr<job>{std::move(*started)};
}

std::string known_jobs() {
  std::string names;
  for (auto& kind : job_catalog())
    names += (names.empty() ? "" : ", ") + std::string{kind.name};
  return names;
}

} // namespace

const std::vector<job_kind>& job_catalog() {
  static const std::vector<job_kind> kinds{
      {"inventory", inventory_keys(), start_inventory},
      {"ipdr", ipdr::keys(), start_pipeline<ipdr::start>},
      {"sensors", sensors::keys(), start_pipeline<sensors::start>},
      {"telemetry", telemetry::keys(), start_pipeline<telemetry::start>},
      {"machines", machines::keys(), start_pipeline<machines::start>},
  };
  return kinds;
}

key_registry catalog_keys() {
  key_registry result{shared_keys()};
  for (auto& kind : job_catalog())
    result.push_back(kind.keys);
  return result;
}

const job_kind* find_job_kind(std::string_view name) {
  for (auto& kind : job_catalog())
    if (kind.name == name)
      return &kind;
  return nullptr;
}

caf::expected<std::vector<const job_kind*>> jobs_to_run(const settings& cfg) {
  auto list = cfg.get_string("jobs");
  auto alias = cfg.get_string("job");
  auto is_alias_set = cfg.origin("job") != "default";
  if (is_alias_set && cfg.origin("jobs") != "default" && alias != list)
    return make_error(ec::invalid_config, "job: set to '" + alias +
                                              "' while jobs is '" + list +
                                              "'; set jobs only");
  if (is_alias_set && cfg.origin("jobs") == "default")
    list = alias;
  std::vector<const job_kind*> result;
  std::set<std::string> seen;
  std::vector<std::string> names;
  boost::algorithm::split(names, list, boost::algorithm::is_any_of(","));
  for (auto& name : names) {
    // Blanks around names are allowed: "inventory, ipdr".
    boost::algorithm::trim(name);
    auto* kind = find_job_kind(name);
    if (kind == nullptr)
      return make_error(ec::invalid_config, "jobs: there is no job '" + name +
                                                "'; the jobs are " +
                                                known_jobs());
    if (!seen.insert(name).second)
      return make_error(ec::invalid_config,
                        "jobs: job '" + name + "' is named twice");
    result.push_back(kind);
  }
  return result;
}

} // namespace eddy
