// An InfluxDB 1.6 server of our own (/usr/bin/influxd) on free 127.0.0.1
// ports, its meta, data and WAL directories under a directory, reporting
// and its own monitoring off; stopped by its PID. The integration tests
// start it through tests/support/influxdb_server.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "connectors/databases/http_poster.hpp"

namespace eddy::bench {

class influxdb_process {
public:
  /// The server program.
  static constexpr std::string_view program = "/usr/bin/influxd";

  /// Writes the configuration into `dir` (which must exist and outlive the
  /// server; its data goes there too), starts `influxd run -config FILE`
  /// and waits until `GET /ping` answers 204. Throws bench_failure (a
  /// std::runtime_error) with the server's output if it does not within
  /// 30 s, after trying three sets of ports.
  explicit influxdb_process(std::string dir);

  /// Stops the server (see stop()).
  ~influxdb_process();

  influxdb_process(const influxdb_process&) = delete;
  influxdb_process& operator=(const influxdb_process&) = delete;

  /// "http://127.0.0.1:PORT", its HTTP API.
  std::string url() const;

  uint16_t http_port() const noexcept { return http_port_; }

  /// Its process id; -1 while it is stopped.
  pid_t pid() const noexcept { return pid_; }

  /// Runs `influxql` with `POST /query` in database `db` (none if empty),
  /// timestamps as Unix times in `epoch` ("ms", "ns", ...; RFC 3339 text
  /// if empty), and answers the JSON reply's text. Throws bench_failure
  /// with the server's reply if the request fails or a statement reports
  /// an error.
  std::string query(std::string_view db, std::string_view influxql,
                    std::string_view epoch = "ms");

  /// Stops the server and starts it again on the same ports and data.
  /// Throws like the constructor. Call it from a thread that outlives the
  /// server: the child is killed when the thread that started it exits.
  void restart();

  /// Stops by its PID: SIGTERM, SIGKILL if it has not exited after 30 s.
  /// Idempotent.
  void stop();

  /// What the server wrote to stdout and stderr, all its runs.
  std::string log() const;

private:
  void write_config() const;
  void start();
  bool is_running();

  std::string dir_;
  uint16_t http_port_ = 0;
  uint16_t rpc_port_ = 0;
  pid_t pid_ = -1;
  std::optional<http_poster> client_;
};

} // namespace eddy::bench
