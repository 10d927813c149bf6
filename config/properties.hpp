// Reads .properties files, the seeds' job.properties format: `key=value`
// lines, comments, blank lines and backslash continuation lines.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "caf/expected.hpp"

namespace eddy {

/// One `key=value` entry of a .properties file.
struct property {
  std::string key;
  std::string value;
  size_t line = 0; // 1-based line on which the entry starts
};

/// Parses the text of a .properties file into its entries, in file order.
/// Lines whose first non-blank character is '#' or '!' are comments; blank
/// lines are skipped; key and value are trimmed of spaces and tabs; a line
/// that ends in an odd number of backslashes continues on the next line,
/// whose leading blanks are dropped (as in Java). No other escape is
/// interpreted, so `C:\data` stays as written. A "\r" before each newline
/// and a UTF-8 byte order mark are ignored. Fails with `ec::invalid_config`
/// naming `origin` and the line for a line without '=', an empty key or a
/// key set twice.
[[nodiscard]] caf::expected<std::vector<property>>
parse_properties(std::string_view text, std::string_view origin);

/// Reads the file at `path` and parses it with `path` as origin. Fails with
/// `ec::invalid_config` naming the path if it cannot be read.
[[nodiscard]] caf::expected<std::vector<property>>
read_properties_file(const std::string& path);

} // namespace eddy
