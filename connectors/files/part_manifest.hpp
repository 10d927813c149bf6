// The manifest of a rolling file output: per prepared checkpoint, the parts
// not yet finished and how many bytes of each the checkpoint covers. Kept
// in the output's directory as text and replaced atomically, so that after
// a crash the restored checkpoint's parts can be cut back and finished.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "caf/expected.hpp"

namespace eddy {

/// A part and the bytes of it (whole lines) a checkpoint covers.
struct part_extent {
  std::string name; // the visible name it gets when finished
  uint64_t length = 0;

  friend bool operator==(const part_extent&, const part_extent&) = default;
};

/// What one prepared checkpoint covers of the parts not finished then.
struct prepared_checkpoint {
  int64_t id = 0;
  std::vector<part_extent> parts;

  friend bool operator==(const prepared_checkpoint&,
                         const prepared_checkpoint&) = default;
};

/// The manifest's text: a header line, then per checkpoint a line
/// "checkpoint <id>" followed by a line "<part> <length>" per part.
std::string encode_manifest(const std::vector<prepared_checkpoint>& entries);

/// Reads back what encode_manifest wrote. Fails with ec::connector_failure
/// naming `path` (only used in the message) and the line.
[[nodiscard]] caf::expected<std::vector<prepared_checkpoint>>
decode_manifest(std::string_view text, const std::string& path);

/// Reads the manifest at `path`; no file reads as no entries.
[[nodiscard]] caf::expected<std::vector<prepared_checkpoint>>
read_manifest(const std::string& path);

/// Replaces the manifest at `path` with `entries`, atomically and durably.
[[nodiscard]] caf::expected<void>
write_manifest(const std::string& path,
               const std::vector<prepared_checkpoint>& entries);

} // namespace eddy
