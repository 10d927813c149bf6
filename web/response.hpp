// An HTTP response as plain data: what the routes produce and the session
// serializes. Like `request`, it keeps Beast out of the routing logic.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace eddy::web {

struct response {
  unsigned status = 200;
  std::string body;
  /// A string literal: a view, since every answer carries one and a copy
  /// of this one would allocate.
  std::string_view content_type = "application/json";
  /// Headers besides Content-Type and Content-Length, e.g. Retry-After.
  std::vector<std::pair<std::string, std::string>> headers{};
};

/// Receives the response to one request, exactly once, on any thread.
using response_handler = std::function<void(response)>;

} // namespace eddy::web
