// Turns the percent-encoded path of a dashboard file in a URL into a path
// that cannot leave the dashboard's directory.
#pragma once

#include <string>
#include <string_view>

#include "caf/expected.hpp"

namespace eddy::web {

/// Percent-decodes `raw` (what follows "/static/" in the URL) and returns it
/// if it is a relative path of segments separated by single '/', each made
/// of letters, digits, '.', '-' and '_' and not starting with '.'. So "..",
/// hidden files, absolute paths, backslashes, NUL and other control bytes,
/// encoded or not, are refused: fails with ec::malformed_record saying why.
[[nodiscard]] caf::expected<std::string>
decode_static_path(std::string_view raw);

} // namespace eddy::web
