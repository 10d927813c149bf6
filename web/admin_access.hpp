// Who may use the admin endpoints (savepoints, fault injection): a bearer
// token, and whether fault injection is on at all.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "web/request.hpp"
#include "web/response.hpp"

namespace eddy::web {

struct admin_access {
  /// The token clients must send as "Authorization: Bearer <token>"; empty
  /// turns the admin endpoints off.
  std::string token;
  /// Whether the fault injection endpoints exist.
  bool is_fault_injection_on = false;
};

/// Returns the refusal of an admin request, or nothing if `req` may go on:
/// 403 "forbidden" when `access` has no token, 401 "unauthorized" with
/// `WWW-Authenticate: Bearer` when the Authorization header is missing, is
/// not a bearer token or carries another token.
std::optional<response> refuse_admin(const request& req,
                                     const admin_access& access);

/// Like refuse_admin, and then 404 "not_found" when fault injection is off.
std::optional<response> refuse_fault_injection(const request& req,
                                               const admin_access& access);

/// Whether `presented` equals `expected`, in a time that depends only on
/// the length of `presented` (which the client knows anyway), so that
/// timing reveals nothing about the secret `expected`.
bool is_same_token(std::string_view presented, std::string_view expected);

} // namespace eddy::web
