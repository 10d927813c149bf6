// Answers GET /v1/cluster from what the process knows of its members.
#include "web/cluster_route.hpp"

#include <nlohmann/json.hpp>

#include "messages/cluster_json.hpp"
#include "web/json_bodies.hpp"

namespace eddy::web {

void add_cluster_route(route_table& routes,
                       std::function<cluster_status()> status) {
  routes.add({"/v1/cluster",
              [status = std::move(status)](
                  const request& req, const request_target&, std::string_view,
                  const reply_later&) -> std::optional<response> {
                if (req.method != "GET")
                  return method_not_allowed(req, "/v1/cluster", "GET");
                return response{.body = dump_body(to_json(status()))};
              }});
}

} // namespace eddy::web
