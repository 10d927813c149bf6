// Reads the positions every partition of an operator has persisted, so a
// job can tell its sources where to resume before any partition runs.
#pragma once

#include <charconv>
#include <string>
#include <vector>

#include "caf/expected.hpp"

#include "actors/state_layout.hpp"
#include "actors/state_store.hpp"
#include "messages/stream.hpp"

namespace eddy {

/// The positions partition `p` of `column_family` has persisted.
[[nodiscard]] inline caf::expected<position_map>
partition_positions(const state_store& store, const std::string& column_family,
                    int32_t p) {
  position_map result;
  auto ok = store.scan(column_family, layout::position_prefix(p),
                       [&](std::string_view key, std::string_view bytes) {
                         offset_t offset = -1;
                         std::from_chars(bytes.data(),
                                         bytes.data() + bytes.size(), offset);
                         result[layout::position_source(key)] = offset;
                       });
  if (!ok)
    return ok.error();
  return result;
}

/// The positions of partitions 0..partitions-1 of `column_family`.
[[nodiscard]] inline caf::expected<std::vector<position_map>>
persisted_positions(const state_store& store, const std::string& column_family,
                    size_t partitions) {
  std::vector<position_map> result;
  for (size_t p = 0; p < partitions; ++p) {
    auto positions =
        partition_positions(store, column_family, static_cast<int32_t>(p));
    if (!positions)
      return positions.error();
    result.push_back(std::move(*positions));
  }
  return result;
}

/// Where a replayable source resumes: after the lowest offset any partition
/// applied (each partition skips what it applied already), or 0.
inline offset_t resume_offset(const std::vector<position_map>& positions,
                              const source_partition& source) {
  offset_t lowest = -1;
  bool seen = false;
  for (auto& map : positions) {
    auto i = map.find(source);
    auto applied = i == map.end() ? offset_t{-1} : i->second;
    lowest = seen ? std::min(lowest, applied) : applied;
    seen = true;
  }
  return lowest + 1;
}

/// The next offset for a source that cannot replay: above everything any
/// partition applied, or 0.
inline offset_t next_fresh_offset(const std::vector<position_map>& positions,
                                  const source_partition& source) {
  offset_t highest = -1;
  for (auto& map : positions)
    if (auto i = map.find(source); i != map.end())
      highest = std::max(highest, i->second);
  return highest + 1;
}

} // namespace eddy
