// Matches paths to the routes jobs added.
#include "web/route_table.hpp"

#include <utility>

#include "web/json_error.hpp"

namespace eddy::web {

void route_table::add(route r) {
  routes_.push_back(std::move(r));
}

const route* route_table::match(std::string_view path,
                                std::string_view& rest) const {
  for (auto& r : routes_) {
    if (r.path.ends_with('/') ? path.starts_with(r.path) : path == r.path) {
      rest = path.substr(r.path.ends_with('/') ? r.path.size() : path.size());
      return &r;
    }
  }
  return nullptr;
}

response method_not_allowed(const request& req, std::string_view path,
                            std::string_view allowed) {
  auto result =
      json_error(405, "method_not_allowed",
                 req.method + " is not supported on " + std::string{path} +
                     "; use " + std::string{allowed});
  // Every GET answers HEAD too (see session.cpp).
  auto allow = std::string{allowed};
  if (allow.find("GET") != std::string::npos)
    allow += ", HEAD";
  result.headers.emplace_back("Allow", std::move(allow));
  return result;
}

response not_found(std::string_view path) {
  return json_error(404, "not_found",
                    "there is no resource at " + std::string{path});
}

} // namespace eddy::web
