// A real ClickHouse 18.16 for integration tests: /usr/sbin/clickhouse-server
// on free 127.0.0.1 ports, its data and logs in a temporary directory, the
// installed configuration with paths, ports and time zone rewritten.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "connectors/databases/clickhouse_client.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace eddy::test {

class clickhouse_server {
public:
  struct options {
    /// The server's time zone: how it reads and prints DateTime text.
    std::string timezone = "UTC";
  };

  /// Besides "default" (no password), the server knows this user with
  /// this password, for tests of authentication.
  static constexpr std::string_view user = "eddy";
  static constexpr std::string_view password = "eddy-secret";

  /// The server program (/usr/sbin is not always on PATH).
  static constexpr std::string_view program = "/usr/sbin/clickhouse-server";

  /// Writes the configuration, starts the server and waits until `GET
  /// /ping` answers. Throws std::runtime_error with the server's logs if it
  /// does not within 30 s (after trying three sets of ports).
  explicit clickhouse_server(options opts);
  clickhouse_server() : clickhouse_server(options{}) {}

  /// Stops the server (see stop()).
  ~clickhouse_server();

  clickhouse_server(const clickhouse_server&) = delete;
  clickhouse_server& operator=(const clickhouse_server&) = delete;

  /// "http://127.0.0.1:PORT", its HTTP interface.
  std::string url() const;

  uint16_t http_port() const noexcept { return http_port_; }

  /// Runs `sql` as the default user and answers the reply's body (rows in
  /// TabSeparated unless it says FORMAT). Throws std::runtime_error with
  /// ClickHouse's message if it fails.
  std::string query(std::string_view sql);

  /// Stops the server and starts it again on the same ports and data.
  /// Throws like the constructor. Call it from a thread that outlives the
  /// server (the test's own): the child gets SIGTERM when the thread that
  /// started it exits.
  void restart();

  /// Stops by its PID: SIGTERM, SIGKILL if it has not exited after 30 s.
  /// Idempotent.
  void stop();

  /// What the server wrote to stderr and its error log, all its runs.
  std::string log() const;

private:
  void write_config() const;
  void start();

  options opts_;
  temp_dir dir_;
  uint16_t http_port_ = 0;
  uint16_t tcp_port_ = 0;
  uint16_t interserver_port_ = 0;
  std::unique_ptr<child_process> process_;
  std::optional<clickhouse_client> client_;
};

} // namespace eddy::test
