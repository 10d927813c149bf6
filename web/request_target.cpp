// Splits request targets into path and query parameters.
#include "web/request_target.hpp"

namespace eddy::web {

std::vector<std::string_view>
request_target::values_of(std::string_view name) const {
  std::vector<std::string_view> result;
  auto rest = query;
  while (!rest.empty()) {
    auto end = rest.find('&');
    auto pair = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{}
                                         : rest.substr(end + 1);
    auto eq = pair.find('=');
    if (pair.substr(0, eq) != name)
      continue;
    result.push_back(eq == std::string_view::npos ? std::string_view{}
                                                  : pair.substr(eq + 1));
  }
  return result;
}

request_target split_target(std::string_view target) {
  auto mark = target.find('?');
  if (mark == std::string_view::npos)
    return {target, {}};
  return {target.substr(0, mark), target.substr(mark + 1)};
}

std::vector<std::string_view> split_segments(std::string_view path) {
  std::vector<std::string_view> result;
  for (;;) {
    auto slash = path.find('/');
    result.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos)
      return result;
    path.remove_prefix(slash + 1);
  }
}

} // namespace eddy::web
