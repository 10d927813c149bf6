// A real PostgreSQL 15 for integration tests: the benchmarks' launcher
// (bench/common/postgres_process.hpp: a cluster made by initdb, a free
// 127.0.0.1 port, the server run as user postgres and stopped by its PID)
// with its cluster and log in a temporary directory.
#pragma once

#include "bench/common/postgres_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace eddy::test {

/// The directory comes first among the bases, so that it is made before
/// the server starts in it and removed after the server stopped.
class postgres_server : private temp_dir, public bench::postgres_process {
public:
  /// Starts the server and waits until it answers; throws
  /// std::runtime_error with its log if it does not within 30 s. The rest
  /// (url, query, restart, stop, log) is postgres_process's.
  postgres_server() : postgres_process(path()) {}
};

} // namespace eddy::test
