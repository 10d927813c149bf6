// Answers GET /v1/server from the server's own settings.
#include "web/server_route.hpp"

#include <nlohmann/json.hpp>

#include "web/json_bodies.hpp"

namespace eddy::web {

response get_server_info(const admin_access& admin, const site_settings& site) {
  // Without a token the crash endpoints answer 403, so a button would only
  // ever fail.
  auto is_fault_injection_usable =
      admin.is_fault_injection_on && !admin.token.empty();
  nlohmann::json body{{"faultInjection", is_fault_injection_usable},
                      {"liveIntervalMs", site.live_interval.count()}};
  return response{.body = dump_body(body)};
}

} // namespace eddy::web
