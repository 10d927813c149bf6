// Error responses: every failure the HTTP API reports has the body
// {"error":"<short code>","detail":"<human sentence>"}.
#pragma once

#include <string>
#include <string_view>

#include "caf/error.hpp"

#include "web/response.hpp"

namespace eddy::web {

/// Returns a response with `status` and the body
/// {"error":code,"detail":detail}.
response json_error(unsigned status, std::string_view code,
                    std::string_view detail);

/// Like the overload above, with detail_of(err) as detail.
response json_error(unsigned status, std::string_view code,
                    const caf::error& err);

/// Returns the sentence an eddy error was made with (e.g. "missing field
/// 'quantity'") without describe()'s code prefix, which the "error" member
/// of the body replaces; describe(err) for errors of other categories.
std::string detail_of(const caf::error& err);

} // namespace eddy::web
