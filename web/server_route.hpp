// GET /v1/server: what the dashboard needs to know about this server.
#pragma once

#include "web/admin_access.hpp"
#include "web/response.hpp"
#include "web/site_settings.hpp"

namespace eddy::web {

/// Answers 200 {"faultInjection":bool,"liveIntervalMs":int}: whether the
/// fault injection endpoints are usable (a token is set and fault injection
/// is on; the token itself is never shown), and the live feed's interval.
response get_server_info(const admin_access& admin, const site_settings& site);

} // namespace eddy::web
