// A small synchronous HTTP/1.1 client for databases' HTTP interfaces
// (ClickHouse, and InfluxDB / QuestDB line protocol on /write): one
// kept-alive connection to one base URL, reopened when the server closed
// it, every step under a deadline. Beast stays in http_poster.cpp.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "caf/expected.hpp"

#include "connectors/databases/http_endpoint.hpp"

namespace eddy {

/// How long connecting, and sending a request and reading its reply, may
/// take by default.
constexpr std::chrono::milliseconds default_http_timeout{10'000};

/// The largest reply body read by default: a database's answer to an
/// insert is short; a runaway one should not exhaust memory.
constexpr size_t default_max_reply_bytes = 16 << 20;

/// A reply as the server sent it: any status, the whole body.
struct http_reply {
  unsigned status = 0;
  std::string body;

  bool is_success() const noexcept { return status >= 200 && status < 300; }
};

struct http_credentials {
  std::string user;
  std::string password;
};

struct http_poster_options {
  /// The base URL, `http://host[:port][/path]`: requests' paths go after it.
  std::string url;
  std::chrono::milliseconds connect_timeout = default_http_timeout;
  /// For sending a request, and again for reading its whole reply.
  std::chrono::milliseconds io_timeout = default_http_timeout;
  /// Sent as `Authorization: Basic ...` when set (InfluxDB, QuestDB).
  std::optional<http_credentials> basic_auth;
  /// Sent with every request, e.g. ClickHouse's X-ClickHouse-User.
  std::vector<std::pair<std::string, std::string>> headers;
  /// Of POST bodies.
  std::string content_type = "text/plain; charset=utf-8";
  size_t max_reply_bytes = default_max_reply_bytes;
};

class http_poster {
public:
  /// Parses the URL; connects only at the first request, so a database
  /// that is down at start-up fails the first request, not this. Fails
  /// with ec::invalid_config naming a bad URL (see http_endpoint::parse).
  [[nodiscard]] static caf::expected<http_poster>
  make(http_poster_options options);

  http_poster(http_poster&&) noexcept;
  http_poster& operator=(http_poster&&) noexcept;
  ~http_poster();

  /// POSTs `body` to the base path + `path` (which starts with '/') with
  /// `query` (already encoded, without '?'; empty for none) and answers
  /// the reply, whatever its status. Opens the connection first if there
  /// is none or the server closed it; when a kept-alive connection turns
  /// out closed before any reply byte came, sends once more on a new one
  /// (so the server may, rarely, see a request twice: fine for idempotent
  /// or at-least-once writes). Fails with ec::connector_failure naming the
  /// URL and the reason (refused, timed out, reset, ...); the connection
  /// is closed then and reopened by the next request.
  [[nodiscard]] caf::expected<http_reply>
  post(std::string_view path, std::string_view query, std::string_view body);

  /// GETs the base path + `path` with `query`; otherwise as post().
  [[nodiscard]] caf::expected<http_reply> get(std::string_view path,
                                              std::string_view query = {});

  /// The base URL as error messages name it: "http://host:port/path".
  const std::string& url() const noexcept;

  /// How many connections were opened so far (keep-alive at work if 1).
  uint64_t connections_opened() const noexcept;

private:
  struct connection;

  explicit http_poster(std::unique_ptr<connection> conn);

  std::unique_ptr<connection> conn_;
};

} // namespace eddy
