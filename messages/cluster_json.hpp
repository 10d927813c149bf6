// A cluster member as JSON: what a process announces on the group's members
// topic, and what GET /v1/cluster lists.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "caf/expected.hpp"

#include "messages/cluster_status.hpp"

namespace eddy {

/// {"instance":..,"url":..,"announcedAt":ms,"partitions":[{"job","topic",
/// "partition","lag"}]}, lag null where unknown
nlohmann::json to_json(const cluster_member& member);

/// {"enabled":..,"group":..,"self":..,"members":[...]}, each member as
/// to_json(cluster_member) with "self": true on this process.
nlohmann::json to_json(const cluster_status& status);

/// The member in `text` (as to_json wrote it), or ec::malformed_record
/// naming what is wrong.
[[nodiscard]] caf::expected<cluster_member>
read_cluster_member(std::string_view text);

} // namespace eddy
