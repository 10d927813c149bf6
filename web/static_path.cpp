// Decodes and checks the paths of dashboard files taken from URLs.
#include "web/static_path.hpp"

#include "messages/error.hpp"
#include "messages/quoted_excerpt.hpp"
#include "web/percent_decode.hpp"
#include "web/request_target.hpp"

namespace eddy::web {

namespace {

bool is_allowed_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' || c == '/';
}

} // namespace

caf::expected<std::string> decode_static_path(std::string_view raw) {
  auto path = percent_decode(raw);
  if (!path)
    return path;
  if (path->empty())
    return make_error(ec::malformed_record, "the file path is empty");
  // A list of what may appear rather than of what may not: the decoded
  // path is what the file system sees, so nothing surprising gets through.
  for (auto c : *path)
    if (!is_allowed_char(c))
      return make_error(ec::malformed_record,
                        "a file path may hold only letters, digits, '.', "
                        "'-', '_' and '/', got " +
                            quoted_excerpt(*path));
  for (auto segment : split_segments(*path))
    if (segment.empty() || segment.front() == '.')
      return make_error(ec::malformed_record,
                        "a file path must not have empty segments or ones "
                        "starting with '.' (such as '..'), got " +
                            quoted_excerpt(*path));
  return path;
}

} // namespace eddy::web
