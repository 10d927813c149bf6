// A PostgreSQL 15 server of our own (/usr/lib/postgresql/15/bin) on a free
// 127.0.0.1 port: a cluster made by initdb in a directory, the postmaster
// run as user postgres (it refuses root) as our child, stopped by its PID.
// The benchmarks start it, and the integration tests through
// tests/support/postgres_server.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "connectors/databases/postgres_client.hpp"

namespace eddy::bench {

class postgres_process {
public:
  /// Where initdb and postgres live (not on PATH).
  static constexpr std::string_view bin_dir = "/usr/lib/postgresql/15/bin/";

  /// Makes a cluster in `dir`/data with initdb (trust authentication,
  /// superuser postgres, UTF8, no fsync), starts the server with its
  /// socket in `dir` and waits until it answers. `dir` must exist and
  /// outlive the server; when this process runs as root, `dir` is given
  /// to user postgres and its parents are opened for it to pass. Throws
  /// bench_failure (a std::runtime_error) with the server's log if it does
  /// not start within 30 s, after trying three ports.
  explicit postgres_process(std::string dir);

  /// Stops the server (see stop()).
  ~postgres_process();

  postgres_process(const postgres_process&) = delete;
  postgres_process& operator=(const postgres_process&) = delete;

  /// "postgresql://postgres@127.0.0.1:PORT/postgres".
  std::string url() const;

  uint16_t port() const noexcept { return port_; }

  /// The postmaster's process id; -1 while it is stopped.
  pid_t pid() const noexcept { return pid_; }

  /// Runs `sql` as postgres and answers the last statement's rows: fields
  /// separated by tabs, a newline after each row, NULL as \N. Throws
  /// bench_failure with PostgreSQL's message if it fails.
  std::string query(std::string_view sql);

  /// Stops the server and starts it again on the same port and data.
  /// Throws like the constructor. Call it from a thread that outlives the
  /// server: the child is killed when the thread that started it exits.
  void restart();

  /// Stops by its PID: SIGINT (PostgreSQL's fast shutdown: open
  /// transactions roll back, clients are disconnected), SIGKILL if it has
  /// not exited after 30 s. Idempotent.
  void stop();

  /// What initdb and the server wrote, all their runs.
  std::string log() const;

private:
  void init_cluster();
  void start();
  bool is_running();

  std::string dir_;
  uint16_t port_ = 0;
  pid_t pid_ = -1;
  std::optional<postgres_client> client_;
};

} // namespace eddy::bench
