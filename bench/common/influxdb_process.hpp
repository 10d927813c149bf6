// An InfluxDB 1.6 server of our own (/usr/bin/influxd) on free 127.0.0.1
// ports, its meta, data and WAL directories under a directory, reporting
// and its own monitoring off; stopped by its PID. The integration tests
// start it through tests/support/influxdb_server.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/common/server_process.hpp"
#include "connectors/databases/http_poster.hpp"

namespace eddy::bench {

class influxdb_process : public server_process {
public:
  /// The server program.
  static constexpr std::string_view program = "/usr/bin/influxd";

  /// Writes the configuration into `dir` (which must exist and outlive the
  /// server; its data goes there too), starts `influxd run -config FILE`
  /// and waits until `GET /ping` answers 204. Throws bench_failure (a
  /// std::runtime_error) with the server's output if it does not within
  /// 30 s, after trying three sets of ports. The rest (pid, restart, stop
  /// with SIGTERM, log: its stdout and stderr) is server_process's.
  explicit influxdb_process(std::string dir);

  /// "http://127.0.0.1:PORT", its HTTP API.
  std::string url() const;

  uint16_t http_port() const noexcept { return ports()[http]; }

  /// Runs `influxql` with `POST /query` in database `db` (none if empty),
  /// timestamps as Unix times in `epoch` ("ms", "ns", ...; RFC 3339 text
  /// if empty), and answers the JSON reply's text. Throws bench_failure
  /// with the server's reply if the request fails or a statement reports
  /// an error.
  std::string query(std::string_view db, std::string_view influxql,
                    std::string_view epoch = "ms");

private:
  /// Where each port is in ports(); rpc is the backup/restore service's.
  enum port_index : std::size_t { http, rpc, port_count };

  void write_config() const override;
  std::vector<std::string> command_line() const override;
  void connect() override;
  bool is_ready() override;
  void disconnect() noexcept override;

  std::optional<http_poster> client_;
};

} // namespace eddy::bench
