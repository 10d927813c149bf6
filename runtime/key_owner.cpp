#include "runtime/key_owner.hpp"

#include "connectors/kafka/key_partition.hpp"

namespace eddy {

key_owner owner_of_key(std::string_view job, std::string_view key,
                       int32_t key_partitions,
                       const std::vector<cluster_member>& members,
                       std::string_view self) {
  key_owner owner;
  if (key_partitions <= 0)
    return owner;
  owner.partition = kafka_partition_of(key, key_partitions);
  for (auto& member : members)
    for (auto& owned : member.partitions)
      if (owned.job == job && owned.partition == owner.partition) {
        if (member.instance != self)
          owner.where = key_owner::place::member;
        owner.instance = member.instance;
        owner.url = member.url;
        return owner;
      }
  owner.where = key_owner::place::nobody;
  return owner;
}

} // namespace eddy
