// GET / and GET /static/{path}: the browser dashboard's files, read from the
// directory the build assembled them in (see site_settings::static_dir).
#pragma once

#include <filesystem>
#include <string_view>

#include "web/response.hpp"

namespace eddy::web {

/// Answers 200 with `dir`/index.html (text/html, Cache-Control: no-cache), or
/// 404 "dashboard_not_built" naming `dir` when it holds no index.html, so
/// that the API works on without a dashboard.
response get_dashboard(const std::filesystem::path& dir);

/// Answers 200 with the file `raw_path` (percent-encoded, relative to `dir`;
/// see decode_static_path) and its content_type_of, Cache-Control: no-cache
/// and X-Content-Type-Options: nosniff; 400 "invalid_path" for a path that
/// could leave `dir`; 404 "not_found" when there is no such regular file
/// inside `dir` (a symbolic link out of it counts as none).
response get_static_file(std::string_view raw_path,
                         const std::filesystem::path& dir);

} // namespace eddy::web
