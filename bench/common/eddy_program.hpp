// The eddy program as a child process: started with --set settings and its
// output in a log file, its port read from the URL it prints, killed with
// SIGKILL or stopped with SIGTERM.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "bench/common/setting_list.hpp"

namespace eddy::bench {

class eddy_program {
public:
  /// Starts `program` with `settings` (and http.port=0), stdout and stderr
  /// appended to `log`, and dies with this process. Returns at once: wait
  /// for the port with await_url. Throws bench_failure if it cannot start.
  eddy_program(const std::string& program, const setting_list& settings,
               std::string log);

  /// Stops it (SIGTERM, then SIGKILL after a minute) if it still runs.
  ~eddy_program();

  eddy_program(const eddy_program&) = delete;
  eddy_program& operator=(const eddy_program&) = delete;

  /// Waits until it printed "dashboard and API at http://127.0.0.1:PORT/"
  /// and returns PORT. Throws bench_failure, quoting the log, if it exits
  /// first or takes longer than step_timeout.
  uint16_t await_url();

  /// Its process id (-1 once it was reaped), e.g. to read /proc.
  pid_t pid() const noexcept { return pid_; }

  /// kill -9, and reaps it.
  void kill();

  /// SIGTERM; waits until it exited (its clean shutdown takes a checkpoint).
  void stop();

private:
  bool has_exited();
  std::string log_tail() const;

  pid_t pid_ = -1;
  std::string log_;
  off_t log_start_ = 0; // where this process's output begins in log_
};

/// The eddy program in this program's directory (what --eddy defaults to).
/// Throws bench_failure if this program's path is unknown.
std::string eddy_next_to_this_program();

} // namespace eddy::bench
