// Answers GET /v1/jobs/{job}/state/{key} from the job's keyed state.
#include "web/state_route.hpp"

#include <string>

#include <nlohmann/json.hpp>

#include "runtime/job_registry.hpp"
#include "web/job_name.hpp"
#include "web/json_bodies.hpp"
#include "web/json_error.hpp"
#include "web/percent_decode.hpp"
#include "web/service_error.hpp"

namespace eddy::web {

response get_state(std::string_view raw_job, std::string_view raw_key,
                   job_registry& jobs) {
  auto name = decode_job_name(raw_job);
  if (!name)
    return json_error(400, "invalid_job_name", name.error());
  auto key = percent_decode(raw_key);
  if (!key)
    return json_error(400, "invalid_key", key.error());
  auto state = jobs.state_of(*name, *key);
  if (!state)
    return service_error(state.error(),
                         "key '" + *key + "' of job '" + *name + "'",
                         "unknown_key");
  return response{.body = dump_body(*state)};
}

} // namespace eddy::web
