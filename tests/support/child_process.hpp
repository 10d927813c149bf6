// A program started as a child process, so integration tests can run real
// peers (mosquitto, the dev Kafka cluster), read what they print and stop them.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace eddy::test {

class child_process {
public:
  /// Starts `program` (a path, or a name looked up in PATH) with `args`.
  /// A thread keeps reading its stdout, so a chatty child never blocks;
  /// stderr stays the test's. The child gets SIGTERM if the thread that
  /// started it exits first (no orphans after a crashed test). Throws
  /// std::runtime_error naming the program and errno's text if it cannot
  /// be started.
  child_process(const std::string& program,
                const std::vector<std::string>& args);

  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  /// Kills (SIGKILL) and reaps the child if it is still running.
  ~child_process();

  /// The next line of stdout without its newline, waiting up to `timeout`;
  /// nullopt on timeout or once the child closed its stdout and every line
  /// was read.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);

  /// Sends `sig` to the child; does nothing once it was reaped.
  void signal(int sig);

  /// Waits up to `timeout` for the child to exit and reaps it; false if it
  /// is still running.
  bool wait(std::chrono::milliseconds timeout);

  /// Stops the child cleanly if it can: SIGTERM, up to `patience` for it to
  /// exit, then SIGKILL; reaps it. Does nothing once it was reaped.
  void terminate(std::chrono::milliseconds patience);

  /// Whether the child has not exited yet (reaps it if it has).
  bool is_running();

  /// The wait status (as from waitpid) once reaped, else nullopt.
  std::optional<int> exit_status() const noexcept { return exit_status_; }

  pid_t pid() const noexcept { return pid_; }

private:
  // Reads stdout into lines_ until EOF or until woken through wake_.
  void read_stdout();

  pid_t pid_ = -1;
  std::optional<int> exit_status_;
  int output_ = -1;
  int wake_[2] = {-1, -1};
  std::mutex mtx_;
  std::condition_variable cv_;
  std::deque<std::string> lines_;
  bool is_output_closed_ = false;
  std::thread reader_;
};

} // namespace eddy::test
