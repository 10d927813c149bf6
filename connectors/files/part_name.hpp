// The names of a rolling file output's parts: `<prefix>-<run>-<index>` once
// finished (visible), `.<prefix>-<run>-<index>.inprogress` before (hidden).
// Run and index are zero-padded, so that `ls` lists parts in write order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace eddy {

/// The visible name of part `index` of run `run`: "part-000003-00000012".
/// Runs past 999999 or indices past 99999999 still get unique names, but
/// longer ones that `ls` no longer sorts in write order.
std::string part_file_name(std::string_view prefix, uint64_t run,
                           uint64_t index);

/// The hidden name a part has while lines go in: ".<name>.inprogress".
std::string in_progress_name(std::string_view part);

/// The run of `file` if it is a part of `prefix`, visible or in progress.
std::optional<uint64_t> run_of(std::string_view prefix, std::string_view file);

/// Whether `file` is an in-progress part of `prefix`.
bool is_in_progress_part(std::string_view prefix, std::string_view file);

} // namespace eddy
