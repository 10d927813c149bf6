// The Content-Type of a dashboard file, from its name's extension.
#pragma once

#include <string_view>

namespace eddy::web {

/// Returns the media type (with charset for text) of a file called `name`:
/// html, js, mjs, css, svg, png, json, map, txt and ico are known; anything
/// else is "application/octet-stream", which browsers neither render nor run.
/// The result is a string literal, as response::content_type needs.
std::string_view content_type_of(std::string_view name);

} // namespace eddy::web
