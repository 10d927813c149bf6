// What GET /v1/cluster shows: the Eddy processes that share one Kafka group,
// each with its HTTP address and the input partitions it owns.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace eddy {

/// The HTTP header a request forwarded to a key's owner carries, naming the
/// member that forwarded it: the receiver answers it itself (one hop, never
/// a loop). In lower case, as header names are compared.
inline constexpr std::string_view forwarded_by_header = "eddy-forwarded-by";

/// The lag of a partition nothing was read from since it was assigned.
inline constexpr int64_t unknown_lag = -1;

/// An input partition a member owns, and how far it is behind.
struct member_partition {
  std::string job;
  std::string topic;
  int32_t partition = 0;
  int64_t lag = unknown_lag; // messages
};

/// One Eddy process of the group, as it last announced itself.
struct cluster_member {
  /// `instance.name`: stable across restarts (the Kafka group's static
  /// member id).
  std::string instance;
  /// `http.advertised.url`: where the others reach its HTTP API.
  std::string url;
  /// Its wall clock (ms) when it announced this.
  int64_t announced_at_ms = 0;
  std::vector<member_partition> partitions;
};

/// The members a process knows of, itself included, ordered by instance.
struct cluster_status {
  /// False when `cluster.enabled` is off: the process works alone.
  bool enabled = false;
  /// The Kafka group (`kafka.group.id`) the members share.
  std::string group;
  /// This process's `instance.name`.
  std::string self;
  std::vector<cluster_member> members;
};

} // namespace eddy
