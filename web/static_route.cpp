// Serves the dashboard's files from its directory, read on every request:
// they are small, the page cache keeps them, and a rebuild shows at once.
#include "web/static_route.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <system_error>

#include "web/content_type.hpp"
#include "web/json_error.hpp"
#include "web/static_path.hpp"

namespace eddy::web {

namespace fs = std::filesystem;

namespace {

// Whether `file` resolves to a regular file below `dir`: the path was
// checked, but a symbolic link in the directory could still point out.
bool is_file_inside(const fs::path& file, const fs::path& dir) {
  std::error_code ec;
  auto real_dir = fs::canonical(dir, ec);
  if (ec)
    return false;
  auto real_file = fs::canonical(file, ec);
  if (ec || !fs::is_regular_file(real_file, ec))
    return false;
  auto [dir_end, file_at] = std::mismatch(real_dir.begin(), real_dir.end(),
                                          real_file.begin(), real_file.end());
  return dir_end == real_dir.end();
}

// The contents of `file`, or nothing if it cannot be read.
std::optional<std::string> read_whole(const fs::path& file) {
  std::ifstream in{file, std::ios::binary};
  if (!in)
    return std::nullopt;
  std::string contents{std::istreambuf_iterator<char>{in},
                       std::istreambuf_iterator<char>{}};
  if (in.bad())
    return std::nullopt;
  return contents;
}

// The file at `relative` below `dir` as a response, or nothing.
std::optional<response> file_response(const fs::path& dir,
                                      const std::string& relative) {
  auto file = dir / relative;
  if (!is_file_inside(file, dir))
    return std::nullopt;
  auto contents = read_whole(file);
  if (!contents)
    return std::nullopt;
  // no-cache makes the browser ask again each time: the files are small,
  // and a page never mixes the scripts of two builds.
  return response{.status = 200,
                  .body = std::move(*contents),
                  .content_type = content_type_of(relative),
                  .headers = {{"Cache-Control", "no-cache"},
                              {"X-Content-Type-Options", "nosniff"}}};
}

} // namespace

response get_dashboard(const fs::path& dir) {
  if (auto page = file_response(dir, "index.html"))
    return std::move(*page);
  return json_error(404, "dashboard_not_built",
                    "the dashboard was not built: " + dir.string() +
                        " has no index.html (build the CMake target "
                        "eddy-dashboard, or point http.static.dir at it)");
}

response get_static_file(std::string_view raw_path, const fs::path& dir) {
  auto relative = decode_static_path(raw_path);
  if (!relative)
    return json_error(400, "invalid_path", relative.error());
  if (auto file = file_response(dir, *relative))
    return std::move(*file);
  return json_error(404, "not_found",
                    "the dashboard has no file static/" + *relative);
}

} // namespace eddy::web
