// A ClickHouse 18.16 server of our own (/usr/sbin/clickhouse-server) on free
// 127.0.0.1 ports, its data and logs in a directory, the installed
// configuration with paths, ports and time zone rewritten; stopped by its
// PID. The benchmarks start it, and the integration tests through
// tests/support/clickhouse_server.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bench/common/server_process.hpp"
#include "connectors/databases/clickhouse_client.hpp"

namespace eddy::bench {

class clickhouse_process : public server_process {
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
  /// sets of ports. The rest (pid, restart, stop with SIGTERM, log: its
  /// stderr and error log) is server_process's.
  clickhouse_process(std::string dir, options opts);

  /// "http://127.0.0.1:PORT", its HTTP interface.
  std::string url() const;

  uint16_t http_port() const noexcept { return ports()[http]; }

  /// Runs `sql` as the default user and answers the reply's body (rows in
  /// TabSeparated unless it says FORMAT). Throws bench_failure with
  /// ClickHouse's message if it fails.
  std::string query(std::string_view sql);

private:
  /// Where each port is in ports().
  enum port_index : std::size_t { http, tcp, interserver, port_count };

  void write_config() const override;
  std::vector<std::string> command_line() const override;
  void connect() override;
  bool is_ready() override;
  void disconnect() noexcept override;

  options opts_;
  std::optional<clickhouse_client> client_;
};

} // namespace eddy::bench
