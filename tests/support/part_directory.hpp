// What a rolling file output's directory shows a reader: its finished parts
// and their lines, and its hidden in-progress parts.
#pragma once

#include <string>
#include <vector>

namespace eddy::test {

/// The finished (visible) parts in `dir`, in `ls` order.
std::vector<std::string> finished_parts(const std::string& dir);

/// The in-progress (hidden) parts in `dir`, in `ls` order.
std::vector<std::string> in_progress_parts(const std::string& dir);

/// Every line of the finished parts in `dir`, in `ls` order; a partial last
/// line of a part counts as a line.
std::vector<std::string> finished_lines(const std::string& dir);

/// The whole content of the file at `path` (empty if it cannot be read).
std::string file_content(const std::string& path);

} // namespace eddy::test
