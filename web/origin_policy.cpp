// Refuses cross-site writes and feed subscriptions; see origin_policy.hpp.
#include "web/origin_policy.hpp"

#include <algorithm>

#include <boost/algorithm/string/classification.hpp>
#include <boost/algorithm/string/split.hpp>
#include <boost/algorithm/string/trim.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/core/string.hpp>

#include "web/json_error.hpp"

namespace eddy::web {

namespace {

bool is_safe_method(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

// "localhost:8080" -> "localhost", "[::1]:8080" -> "::1", "10.0.0.1" ->
// "10.0.0.1".
std::string_view host_name(std::string_view host) {
  if (host.starts_with('[')) {
    auto end = host.find(']');
    return end == std::string_view::npos ? host : host.substr(1, end - 1);
  }
  return host.substr(0, host.find(':'));
}

bool is_address_or_localhost(std::string_view name) {
  if (name == "localhost")
    return true;
  boost::system::error_code ec;
  boost::asio::ip::make_address(std::string{name}, ec);
  return !ec;
}

// application/json, with or without parameters (charset=utf-8).
bool is_json(std::string_view content_type) {
  auto type = boost::algorithm::trim_copy(
      content_type.substr(0, content_type.find(';')));
  return boost::beast::iequals(type, "application/json");
}

} // namespace

origin_policy::origin_policy(std::vector<std::string> allowed)
    : allowed_(std::move(allowed)) {}

std::optional<std::string>
origin_policy::check_list(std::string_view list,
                          std::vector<std::string>& out) {
  if (list == "self")
    return std::nullopt;
  std::vector<std::string> items;
  boost::algorithm::split(items, list, boost::algorithm::is_any_of(","));
  for (auto& item : items) {
    boost::algorithm::trim(item);
    if (item.empty())
      continue;
    auto scheme_end = item.find("://");
    auto scheme = item.substr(0, scheme_end);
    auto rest = scheme_end == std::string::npos ? std::string{}
                                                : item.substr(scheme_end + 3);
    if ((scheme != "http" && scheme != "https") || rest.empty() ||
        rest.find('/') != std::string::npos)
      return "'" + item +
             "' is no origin: expected scheme://host[:port] (http or "
             "https, no path)";
    out.emplace_back(item);
  }
  return std::nullopt;
}

bool origin_policy::allows(std::string_view origin,
                           std::string_view host) const {
  if (shares_with(origin))
    return true;
  constexpr std::string_view http = "http://";
  return origin.starts_with(http) && origin.substr(http.size()) == host &&
         is_address_or_localhost(host_name(host));
}

bool origin_policy::shares_with(std::string_view origin) const {
  return std::find(allowed_.begin(), allowed_.end(), origin) != allowed_.end();
}

std::optional<response> origin_policy::refuse(const request_facts& req) const {
  auto writes = req.is_upgrade || !is_safe_method(req.method);
  if (writes && !req.origin.empty() && !allows(req.origin, req.host))
    return json_error(403, "forbidden_origin",
                      "pages from " + std::string{req.origin} +
                          " may not write to this server or follow its "
                          "feed; allow them with http.allowed.origins");
  if (req.has_body && !is_json(req.content_type))
    return json_error(415, "unsupported_media_type",
                      "a request body must be application/json, got " +
                          (req.content_type.empty()
                               ? std::string{"no Content-Type"}
                               : std::string{req.content_type}));
  return std::nullopt;
}

response origin_policy::preflight(std::string_view origin,
                                  std::string_view host) const {
  if (!allows(origin, host))
    return json_error(403, "forbidden_origin",
                      "pages from " + std::string{origin} +
                          " may not call this server; allow them with "
                          "http.allowed.origins");
  // 200, not 204: a 204 may carry no Content-Length, which every answer
  // of ours has.
  response res;
  add_cors_headers(origin, res);
  res.headers.emplace_back("Access-Control-Allow-Methods", "GET, HEAD, POST");
  res.headers.emplace_back("Access-Control-Allow-Headers",
                           "Content-Type, Authorization");
  res.headers.emplace_back("Access-Control-Max-Age", "600");
  return res;
}

void origin_policy::add_cors_headers(std::string_view origin,
                                     response& res) const {
  if (!shares_with(origin))
    return;
  res.headers.emplace_back("Access-Control-Allow-Origin", std::string{origin});
  res.headers.emplace_back("Vary", "Origin");
}

} // namespace eddy::web
