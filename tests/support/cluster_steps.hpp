// What tests of several eddy processes in one group share: who owns which
// input partition as a member's /v1/cluster says, waiting for the group to
// settle, and waiting for the stocks and commits a step should reach.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "tests/support/eddy_process.hpp"

namespace eddy::test {

/// The inventory's transactions: the input whose partitions the tests
/// watch.
inline constexpr const char* cluster_input_topic = "transaction.log.1";

/// Who owns which partition of the input, as /v1/cluster on a port says.
struct cluster_view {
  std::set<std::string> members;
  std::map<int, std::set<std::string>> owners; // input partition -> members
  std::map<std::string, std::string> urls;
};

cluster_view view_of(uint16_t port);

/// Whether each of the input's `partitions` has exactly one owner, one of
/// `members`, and `members` are all the members.
bool splits_among(const cluster_view& view,
                  const std::set<std::string>& members, int partitions);

/// Waits up to a minute (rebalances of the dev cluster take seconds) for
/// /v1/cluster on `port` to show the input split among `members`.
cluster_view wait_for_split(uint16_t port, const std::set<std::string>& members,
                            int partitions);

/// What differs between the stocks `port` answers and `expected`, or
/// nothing once they are the same; waits up to a minute for them to be.
std::string await_stocks(uint16_t port,
                         const std::map<std::string, int64_t>& expected);

/// Waits up to a minute for `group` to have committed `count` records of
/// the input's `partitions` in all. The dev cluster refuses a commit while
/// the group rebalances, so a member joining before the first commit would
/// find nothing to say what was delivered (Kafka itself takes the commit a
/// member makes as it gives partitions up).
void await_committed(const std::string& bootstrap, const std::string& group,
                     int partitions, int64_t count);

/// The settings of member `instance` of `group` running the inventory over
/// the dev cluster at `bootstrap`: announcing itself every 200 ms, and
/// taken for gone once silent for `member_timeout_ms`.
settings_list member_settings(const std::string& bootstrap,
                              const std::string& group,
                              const std::string& instance,
                              const std::string& member_timeout_ms);

} // namespace eddy::test
