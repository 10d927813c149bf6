// A PostgreSQL 15 server of our own (/usr/lib/postgresql/15/bin) on a free
// 127.0.0.1 port: a cluster made by initdb in a directory, the postmaster
// run as user postgres (it refuses root) as our child, stopped by its PID.
// The benchmarks start it, and the integration tests through
// tests/support/postgres_server.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/common/server_process.hpp"
#include "connectors/databases/postgres_client.hpp"

namespace eddy::bench {

class postgres_process : public server_process {
public:
  /// Where initdb and postgres live (not on PATH).
  static constexpr std::string_view bin_dir = "/usr/lib/postgresql/15/bin/";

  /// Makes a cluster in `dir`/data with initdb (trust authentication,
  /// superuser postgres, UTF8, no fsync), starts the server with its
  /// socket in `dir` and waits until it answers. `dir` must exist and
  /// outlive the server; when this process runs as root, `dir` is given
  /// to user postgres and its parents are opened for it to pass. Throws
  /// bench_failure (a std::runtime_error) with the server's log if it does
  /// not start within 30 s, after trying three ports. The rest (pid of the
  /// postmaster, restart, log: what initdb and the server wrote) is
  /// server_process's; stop() sends SIGINT, PostgreSQL's fast shutdown
  /// (open transactions roll back, clients are disconnected).
  explicit postgres_process(std::string dir);

  /// "postgresql://postgres@127.0.0.1:PORT/postgres".
  std::string url() const;

  uint16_t port() const noexcept { return ports().front(); }

  /// Runs `sql` as postgres and answers the last statement's rows: fields
  /// separated by tabs, a newline after each row, NULL as \N. Throws
  /// bench_failure with PostgreSQL's message if it fails.
  std::string query(std::string_view sql);

private:
  void init_cluster();
  std::vector<std::string> command_line() const override;
  void connect() override;
  bool is_ready() override;
  void disconnect() noexcept override;

  std::optional<postgres_client> client_;
};

} // namespace eddy::bench
