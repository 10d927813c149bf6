// Renders untrusted text (a field, a config value) for an error message, so
// that a control character or a megabyte of garbage cannot garble a log line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace eddy {

/// Returns `text` in double quotes with `"`, `\` and control characters
/// escaped (`\t`, `\r`, `\n`, `\xNN`), cut after `max_bytes` input bytes and
/// marked with `...` when cut. Never fails.
std::string quoted_excerpt(std::string_view text, size_t max_bytes = 64);

} // namespace eddy
