// Maps keys to key groups and key groups to partitions. The hash is fixed
// (FNV-1a) so persisted state stays where it is across builds and restarts.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace eddy {

/// A stable 64-bit hash of `key`.
constexpr uint64_t stable_hash(std::string_view key) noexcept {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

/// Assigns keys to `groups` key groups and the groups to `partitions`
/// contiguous ranges, as Flink does: a partition owns whole key groups.
class key_groups {
public:
  /// Precondition: 1 <= partitions <= groups.
  key_groups(uint32_t groups, uint32_t partitions) noexcept
      : groups_(groups), partitions_(partitions) {}

  uint32_t group_of(std::string_view key) const noexcept {
    return group_of_hash(stable_hash(key));
  }

  /// The group of a key whose stable_hash is `hash`.
  uint32_t group_of_hash(uint64_t hash) const noexcept {
    return static_cast<uint32_t>(hash % groups_);
  }

  uint32_t partition_of_group(uint32_t group) const noexcept {
    return static_cast<uint32_t>(uint64_t{group} * partitions_ / groups_);
  }

  uint32_t partition_of(std::string_view key) const noexcept {
    return partition_of_group(group_of(key));
  }

  /// The key groups `partition` owns, a contiguous range.
  std::vector<uint32_t> groups_of(uint32_t partition) const {
    std::vector<uint32_t> result;
    for (uint32_t g = 0; g < groups_; ++g)
      if (partition_of_group(g) == partition)
        result.push_back(g);
    return result;
  }

  uint32_t groups() const noexcept { return groups_; }
  uint32_t partitions() const noexcept { return partitions_; }

private:
  uint32_t groups_;
  uint32_t partitions_;
};

} // namespace eddy
