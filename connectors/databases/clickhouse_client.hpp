// ClickHouse over its HTTP interface: statements and inserts as POSTs of
// `?query=...` with the data as body, ClickHouse's error text in failures.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "caf/expected.hpp"

#include "connectors/databases/http_poster.hpp"

namespace eddy {

struct clickhouse_options {
  /// The server's HTTP interface, `http://host[:port][/path]` (a server
  /// listens on 8123 by default).
  std::string url = "http://127.0.0.1:8123";
  std::string user = "default";
  std::string password;
  std::chrono::milliseconds connect_timeout = default_http_timeout;
  /// For sending a statement with its data, and again for reading the
  /// answer (an insert's comes once its rows are written).
  std::chrono::milliseconds io_timeout = default_http_timeout;
};

class clickhouse_client {
public:
  /// Fails with ec::invalid_config naming a bad URL; connects only at the
  /// first statement.
  [[nodiscard]] static caf::expected<clickhouse_client>
  make(clickhouse_options options);

  /// Runs one statement, `query`, with `body` as its data (an INSERT's
  /// rows, in the format the statement names) and answers ClickHouse's
  /// reply body (a SELECT's rows, TabSeparated unless it says FORMAT).
  /// The reply comes only once the statement finished, so an error halfway
  /// through a SELECT fails it too. Fails with ec::connector_failure:
  /// naming the URL and the reason when the server cannot be reached, or
  /// "clickhouse <url> answered HTTP <status>: <the first line of
  /// ClickHouse's error>" (wrong password 401, unknown table 404, a bad
  /// row or unknown column 500, a syntax error 400).
  [[nodiscard]] caf::expected<std::string> execute(std::string_view query,
                                                   std::string_view body = {});

  /// Whether the server answers `GET /ping` with "Ok."; needs no
  /// credentials. Fails as execute() does.
  [[nodiscard]] caf::expected<void> ping();

  /// "http://host:port/path".
  const std::string& url() const noexcept { return poster_.url(); }

  uint64_t connections_opened() const noexcept {
    return poster_.connections_opened();
  }

private:
  explicit clickhouse_client(http_poster poster) : poster_(std::move(poster)) {}

  http_poster poster_;
};

} // namespace eddy
