// Checks admin requests against the configured bearer token.
#include "web/admin_access.hpp"

#include <cstddef>

#include "web/json_error.hpp"

namespace eddy::web {

namespace {

constexpr std::string_view bearer_scheme = "bearer";

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

/// The token of "Bearer <token>" (the scheme in any case, RFC 9110 section
/// 11.1), or nothing for another scheme or no token.
std::optional<std::string_view> bearer_token(std::string_view value) {
  if (value.size() <= bearer_scheme.size())
    return std::nullopt;
  for (size_t i = 0; i < bearer_scheme.size(); ++i) {
    auto c = value[i];
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
    if (c != bearer_scheme[i])
      return std::nullopt;
  }
  auto rest = value.substr(bearer_scheme.size());
  if (!is_blank(rest.front()))
    return std::nullopt; // e.g. "Bearerx"
  while (!rest.empty() && is_blank(rest.front()))
    rest.remove_prefix(1);
  while (!rest.empty() && is_blank(rest.back()))
    rest.remove_suffix(1);
  if (rest.empty())
    return std::nullopt;
  return rest;
}

response unauthorized(std::string_view detail) {
  auto result = json_error(401, "unauthorized", detail);
  result.headers.emplace_back("WWW-Authenticate", "Bearer");
  return result;
}

} // namespace

std::optional<response> refuse_admin(const request& req,
                                     const admin_access& access) {
  if (access.token.empty())
    return json_error(403, "forbidden",
                      "admin endpoints are off: set admin.token");
  auto header = req.headers.find("authorization");
  auto token =
      header == req.headers.end() ? std::nullopt : bearer_token(header->second);
  if (!token)
    return unauthorized("this admin endpoint needs the header "
                        "'Authorization: Bearer <admin.token>'");
  if (!is_same_token(*token, access.token))
    return unauthorized("the bearer token is not admin.token");
  return std::nullopt;
}

std::optional<response> refuse_fault_injection(const request& req,
                                               const admin_access& access) {
  if (auto refusal = refuse_admin(req, access))
    return refusal;
  if (!access.is_fault_injection_on)
    return json_error(404, "not_found",
                      "fault injection is off; set "
                      "admin.fault_injection=true");
  return std::nullopt;
}

bool is_same_token(std::string_view presented, std::string_view expected) {
  // An empty expected token is no secret; it also keeps the % below legal.
  if (expected.empty())
    return presented.empty();
  // Every byte of `presented` is compared, without an early exit, against
  // the expected token repeated; a length mismatch fails at the end.
  unsigned difference = presented.size() == expected.size() ? 0u : 1u;
  for (size_t i = 0; i < presented.size(); ++i)
    difference |= static_cast<unsigned char>(presented[i]) ^
                  static_cast<unsigned char>(expected[i % expected.size()]);
  return difference == 0;
}

} // namespace eddy::web
