// A real InfluxDB 1.6 for integration tests: the launcher in
// bench/common/influxdb_process.hpp (free 127.0.0.1 ports, meta, data and
// WAL under a directory, stopped by its PID) with its directory a temporary
// one.
#pragma once

#include "bench/common/influxdb_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace eddy::test {

/// The directory comes first among the bases, so that it is made before
/// the server starts in it and removed after the server stopped.
class influxdb_server : private temp_dir, public bench::influxdb_process {
public:
  /// Starts the server and waits until it answers; throws
  /// std::runtime_error with its output if it does not within 30 s. The
  /// rest (url, query, restart, stop, log) is influxdb_process's.
  influxdb_server() : influxdb_process(path()) {}
};

} // namespace eddy::test
