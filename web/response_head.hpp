// The status line and header fields of a response, as HTTP/1.1 puts them
// on the wire. The session writes them and the body as two buffers of one
// gather write: Beast's serializer walked every field as buffers of its own
// and took about a sixth of an item read's CPU (bench/RESULTS.md).
#pragma once

#include <string>

#include "web/response.hpp"

namespace eddy::web {

/// Replaces `out` with the head of `res` for a request of HTTP `version`
/// (10 or 11): the status line, `Server: eddy`, `Content-Type`, the
/// response's own headers, `Content-Length` of its body and, when the
/// connection's persistence differs from the version's default,
/// `Connection: close` or `Connection: keep-alive`; then the empty line.
/// Reuses `out`'s capacity.
void format_head(const response& res, unsigned version, bool keep_alive,
                 std::string& out);

} // namespace eddy::web
