// Which process of a cluster answers for a key: the member that owns the
// input partition the key hashes to, as the members last announced.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "messages/cluster_status.hpp"

namespace eddy {

struct key_owner {
  enum class place : uint8_t {
    /// This process: it owns the key, or the job is not shared by key.
    here,
    /// Another member, at `url`.
    member,
    /// No member owns the key's partition now (it is moving).
    nobody,
  };
  place where = place::here;
  /// The key's input partition; -1 for a job not shared by key.
  int32_t partition = -1;
  /// The owner as the members list names it (this process too, when it
  /// owns the key's partition); empty for a job not shared by key.
  std::string instance;
  std::string url;
};

/// The owner of `key` of `job` among `members`, `self` being this process's
/// instance: the member that announced the input partition `key` hashes to
/// among the job's `key_partitions` (here when that is 0: the job does not
/// share its keys by Kafka partition).
key_owner owner_of_key(std::string_view job, std::string_view key,
                       int32_t key_partitions,
                       const std::vector<cluster_member>& members,
                       std::string_view self);

/// The owners of one job's keys as the members last announced them, taken
/// once for the keys of one request.
struct job_owners {
  std::string job;
  int32_t key_partitions = 0;
  std::vector<cluster_member> members;
  std::string self;

  key_owner of(std::string_view key) const {
    return owner_of_key(job, key, key_partitions, members, self);
  }
};

} // namespace eddy
