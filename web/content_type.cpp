// Maps file name extensions to media types for the dashboard's files.
#include "web/content_type.hpp"

#include <array>
#include <utility>

namespace eddy::web {

namespace {

// What a browser needs for the dashboard: a module script served with
// another type is refused, and so is a stylesheet under nosniff.
constexpr std::array<std::pair<std::string_view, std::string_view>, 10> types{{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".txt", "text/plain; charset=utf-8"},
    {".ico", "image/x-icon"},
}};

} // namespace

std::string_view content_type_of(std::string_view name) {
  for (const auto& [extension, type] : types)
    if (name.ends_with(extension))
      return type;
  return "application/octet-stream";
}

} // namespace eddy::web
