// GET /v1/cluster: the Eddy processes of this one's group.
#pragma once

#include <functional>

#include "messages/cluster_status.hpp"
#include "web/route_table.hpp"

namespace eddy::web {

/// Adds GET /v1/cluster, answering 200 with to_json(status()):
/// {"enabled":bool,"group":..,"self":..,"members":[{"instance","url",
/// "announcedAt","self","partitions":[{"job","topic","partition","lag"}]}]}.
void add_cluster_route(route_table& routes,
                       std::function<cluster_status()> status);

} // namespace eddy::web
