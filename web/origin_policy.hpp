// Which web pages may write to Eddy and follow its live feed. A browser
// sends any page's POST and WebSocket upgrade to any server it can reach
// (no-cors, text/plain), so the server itself refuses those from pages of
// other origins: a state-changing request or an upgrade with an Origin
// that is neither the server's own nor in http.allowed.origins is a 403,
// and a request body that is not JSON a 415. Clients that send no Origin
// (curl, other servers) are no browsers and pass.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "web/response.hpp"

namespace eddy::web {

/// What the checks need of one request, whatever parsed it.
struct request_facts {
  std::string_view method{};
  std::string_view origin{};       // empty: none sent
  std::string_view host{};         // the Host header
  std::string_view content_type{}; // empty: none sent
  bool has_body = false;
  bool is_upgrade = false; // a WebSocket upgrade
};

class origin_policy {
public:
  /// `allowed`: origins ("https://ops.example.com") besides the server's
  /// own that may write and follow the feed, and get CORS headers.
  explicit origin_policy(std::vector<std::string> allowed = {});

  /// Parses http.allowed.origins: "self" (none besides the server's own)
  /// or origins separated by commas, each scheme://host[:port] without a
  /// path; the error names the bad one.
  static std::optional<std::string> check_list(std::string_view list,
                                               std::vector<std::string>& out);

  /// Whether `origin` is the server's own: the page came from the very
  /// host:port the request is addressed to, named by localhost or an IP
  /// address (a DNS name could be rebound to the server's address by an
  /// attacker's page), or is one of the allowed ones.
  bool allows(std::string_view origin, std::string_view host) const;

  /// Whether `origin` is one of http.allowed.origins: such a page reads
  /// the answers too (CORS).
  bool shares_with(std::string_view origin) const;

  /// The refusal of a request from a page that may not make it, or
  /// nothing when it may.
  std::optional<response> refuse(const request_facts& req) const;

  /// The answer to a CORS preflight (OPTIONS with an Origin and an
  /// Access-Control-Request-Method): 200 with what it may do for an
  /// allowed origin, 403 otherwise.
  response preflight(std::string_view origin, std::string_view host) const;

  /// Adds Access-Control-Allow-Origin for an allowed page of another
  /// origin.
  void add_cors_headers(std::string_view origin, response& res) const;

private:
  std::vector<std::string> allowed_;
};

} // namespace eddy::web
