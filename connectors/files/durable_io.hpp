// File operations that survive a crash of the process or the machine: fsync
// of files and directories, atomic replacement, cutting a file back to a
// length. Each fails with ec::connector_failure naming the file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

#include "caf/error.hpp"
#include "caf/expected.hpp"

namespace eddy {

/// ec::connector_failure saying "cannot <action> <path>: <reason>".
caf::error file_failure(std::string_view action, const std::string& path,
                        std::error_code reason);

/// Makes the contents of the file or directory `path` durable (fsync; for a
/// directory: its entries, i.e. files created, renamed or removed in it).
[[nodiscard]] caf::expected<void> sync_path(const std::string& path);

/// Replaces `path` with `content` so that a crash leaves the old or the new
/// content, never a mix: writes `path`.tmp, syncs it, renames it over `path`
/// and syncs the directory.
[[nodiscard]] caf::expected<void> replace_file(const std::string& path,
                                               std::string_view content);

/// Cuts `path` back to `length` bytes and syncs it, if it is longer. Fails if
/// it is shorter: bytes that were made durable are gone.
[[nodiscard]] caf::expected<void> cut_to(const std::string& path,
                                         uint64_t length);

/// Renames `from` to `to` (in one directory: atomic).
[[nodiscard]] caf::expected<void> rename_file(const std::string& from,
                                              const std::string& to);

/// Removes `path`; a path that does not exist is no failure.
[[nodiscard]] caf::expected<void> remove_file(const std::string& path);

} // namespace eddy
