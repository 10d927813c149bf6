// The record of the latest completed checkpoint as the store keeps it, from
// which a restart learns the source positions it covers: text, a line
// `id startedMs durationMs bytes`, then a line `source\tpartition\toffset`
// per position.
#pragma once

#include <string>
#include <string_view>

#include "caf/expected.hpp"

#include "messages/job_status.hpp"

namespace eddy {

/// The record of `status`. Source names must hold no line feed.
std::string encode_checkpoint_record(const checkpoint_status& status);

/// Reads a record encode_checkpoint_record wrote, as a completed
/// checkpoint. Fails with ec::storage_failure naming `origin` (where the
/// record was kept) and the first line that is not part of a record:
/// "cannot decode the checkpoint record in DIR, line 2: '...'".
[[nodiscard]] caf::expected<checkpoint_status>
decode_checkpoint_record(std::string_view text, std::string_view origin);

} // namespace eddy
