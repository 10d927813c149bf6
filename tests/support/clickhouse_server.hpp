// A real ClickHouse 18.16 for integration tests: the benchmarks' launcher
// (bench/common/clickhouse_process.hpp: free 127.0.0.1 ports, the installed
// configuration rewritten, stopped by its PID) with its data and logs in a
// temporary directory, and a user with a password for tests of
// authentication.
#pragma once

#include <string>
#include <string_view>

#include "bench/common/clickhouse_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace eddy::test {

/// The directory comes first among the bases, so that it is made before
/// the server starts in it and removed after the server stopped.
class clickhouse_server : private temp_dir, public bench::clickhouse_process {
public:
  struct options {
    /// The server's time zone: how it reads and prints DateTime text.
    std::string timezone = "UTC";
  };

  /// Besides "default" (no password), the server knows this user with
  /// this password, for tests of authentication.
  static constexpr std::string_view user = "eddy";
  static constexpr std::string_view password = "eddy-secret";

  /// Starts the server and waits until it answers; throws
  /// std::runtime_error with its logs if it does not within 30 s. The
  /// rest (url, query, restart, stop, log) is clickhouse_process's.
  explicit clickhouse_server(options opts)
      : clickhouse_process(path(),
                           {std::move(opts.timezone),
                            {{std::string{user}, std::string{password}}}}) {}
  clickhouse_server() : clickhouse_server(options{}) {}
};

} // namespace eddy::test
