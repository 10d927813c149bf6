// Splits a request target into its path and query, without decoding them.
#pragma once

#include <string_view>
#include <vector>

namespace eddy::web {

/// The parts of an origin-form target such as "/v1/items?ids=a,b". Both
/// views point into the target string, which must outlive this object.
struct request_target {
  std::string_view path;
  std::string_view query; // after the first '?', empty if there is none

  /// Returns the still percent-encoded value of every query parameter
  /// called `name`, in order ("ids=a&ids=b" gives "a" and "b"; a bare "ids"
  /// gives ""). Names are compared as sent, without decoding.
  std::vector<std::string_view> values_of(std::string_view name) const;
};

/// Splits `target` at its first '?'.
request_target split_target(std::string_view target);

/// Splits `path` at every '/' into its still percent-encoded segments:
/// "inventory/savepoints" gives "inventory" and "savepoints", "a//b/" gives
/// "a", "", "b" and "". The views point into `path`.
std::vector<std::string_view> split_segments(std::string_view path);

} // namespace eddy::web
