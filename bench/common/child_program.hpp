// A helper program as a child (a load generator, a baseline server): its
// output read through a pipe, line by line or all of it once it exits.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace eddy::bench {

/// What a finished child printed and how it ended.
struct finished_program {
  int exit_code = -1; // -1 if a signal ended it
  std::string output; // stdout and stderr, interleaved
};

class child_program {
public:
  /// Starts `program` (a path, or a name looked up in PATH) with `args`,
  /// its stdout and stderr into one pipe; it dies with this process.
  /// Throws bench_failure naming the program and errno's text if it cannot
  /// be executed.
  child_program(const std::string& program,
                const std::vector<std::string>& args);

  /// Stops it (SIGTERM, then SIGKILL after 10 s) if it still runs.
  ~child_program();

  child_program(const child_program&) = delete;
  child_program& operator=(const child_program&) = delete;

  /// The next line of its output without the newline. Throws bench_failure,
  /// quoting what it printed, if none comes within `timeout` or its output
  /// ends first.
  std::string read_line(std::chrono::milliseconds timeout);

  /// Reads its output until it exits and reaps it. Throws bench_failure if
  /// it runs longer than `timeout` (it is killed then).
  finished_program finish(std::chrono::milliseconds timeout);

  pid_t pid() const { return pid_; }

private:
  /// Appends what arrives within `timeout` to buffer_; false once the
  /// output ended.
  bool read_some(std::chrono::milliseconds timeout);
  void stop();

  std::string program_;
  pid_t pid_ = -1;
  int output_ = -1;
  std::string buffer_; // read but not yet returned
  bool is_output_closed_ = false;
};

} // namespace eddy::bench
