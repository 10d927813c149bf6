// Decodes the %XX escapes of a URL path segment or query value (RFC 3986).
#pragma once

#include <string>
#include <string_view>

#include "caf/expected.hpp"

namespace eddy::web {

/// Returns `text` with every %XX replaced by the byte it encodes. A '+'
/// stays a '+': item ids are not HTML form data. Fails with
/// ec::malformed_record naming the position of a '%' that is not followed by
/// two hex digits. The result may be any bytes; callers validate it.
[[nodiscard]] caf::expected<std::string> percent_decode(std::string_view text);

} // namespace eddy::web
