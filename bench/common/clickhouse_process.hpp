// A ClickHouse 18.16 server of our own (/usr/sbin/clickhouse-server) on free
// 127.0.0.1 ports, its data and logs in a directory, the installed
// configuration with paths, ports and time zone rewritten; stopped by its
// PID. The benchmarks start it, and the integration tests through
// tests/support/clickhouse_server.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "connectors/databases/clickhouse_client.hpp"

namespace eddy::bench {

class clickhouse_process {
public:
  struct options {
    /// The server's time zone: how it reads and prints DateTime text.
    std::string timezone = "UTC";
    /// Users besides "default" (no password), with their passwords.
    std::vector<std::pair<std::string, std::string>> users{};
  };

  /// The server program (/usr/sbin is not always on PATH).
  static constexpr std::string_view program = "/usr/sbin/clickhouse-server";

  /// Writes the configuration into `dir` (which must exist and outlive the
  /// server; data and logs go there too), starts the server and waits
  /// until `GET /ping` answers. Throws bench_failure (a std::runtime_error)
  /// with the server's logs if it does not within 30 s, after trying three
  /// sets of ports.
  clickhouse_process(std::string dir, options opts);

  /// Stops the server (see stop()).
  ~clickhouse_process();

  clickhouse_process(const clickhouse_process&) = delete;
  clickhouse_process& operator=(const clickhouse_process&) = delete;

  /// "http://127.0.0.1:PORT", its HTTP interface.
  std::string url() const;

  uint16_t http_port() const noexcept { return http_port_; }

  /// Its process id; -1 while it is stopped.
  pid_t pid() const noexcept { return pid_; }

  /// Runs `sql` as the default user and answers the reply's body (rows in
  /// TabSeparated unless it says FORMAT). Throws bench_failure with
  /// ClickHouse's message if it fails.
  std::string query(std::string_view sql);

  /// Stops the server and starts it again on the same ports and data.
  /// Throws like the constructor. Call it from a thread that outlives the
  /// server: the child is killed when the thread that started it exits.
  void restart();

  /// Stops by its PID: SIGTERM, SIGKILL if it has not exited after 30 s.
  /// Idempotent.
  void stop();

  /// What the server wrote to stderr and its error log, all its runs.
  std::string log() const;

private:
  void write_config() const;
  void start();
  bool is_running();

  std::string dir_;
  options opts_;
  uint16_t http_port_ = 0;
  uint16_t tcp_port_ = 0;
  uint16_t interserver_port_ = 0;
  pid_t pid_ = -1;
  std::optional<clickhouse_client> client_;
};

} // namespace eddy::bench
