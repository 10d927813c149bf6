// A database's HTTP base URL (`http://host[:port][/path]`), parsed once:
// where an http_poster connects and what its error messages name.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "caf/expected.hpp"

namespace eddy {

struct http_endpoint {
  /// A host name or an IP address (an IPv6 one without its brackets).
  std::string host;
  uint16_t port = 80;
  /// Prefixed to every request's path: "" or "/some/path", without a
  /// trailing slash (a database behind a reverse proxy's path).
  std::string base_path;

  /// "host:port" ("[v6]:port"), as the Host header names the server.
  std::string authority() const;

  /// "http://host:port/path", as error messages name the endpoint.
  std::string url() const;

  /// Parses `http://host[:port][/path]` (port 80 when none is given).
  /// Fails with ec::invalid_config naming the URL for anything else: https
  /// (no TLS here: put a TLS-terminating proxy in front), another scheme,
  /// no host, a port outside 1-65535, a query or fragment, or credentials
  /// in the URL (they would end up in logs; the URL is named with them
  /// masked).
  [[nodiscard]] static caf::expected<http_endpoint> parse(std::string_view url);
};

/// `text` percent-encoded for a query string's value: every byte but the
/// unreserved characters of RFC 3986 (letters, digits, `-._~`) as %XX.
std::string percent_encode(std::string_view text);

} // namespace eddy
