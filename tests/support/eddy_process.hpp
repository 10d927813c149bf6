// The `eddy` program as a child process of a test: started idle (no
// generator) on a free port with the test's settings, killed or stopped,
// and asked over its HTTP API.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/child_process.hpp"
#include "tests/support/http_client.hpp"

namespace eddy::test {

using settings_list = std::vector<std::pair<std::string, std::string>>;

/// Which of eddy's output a test reads: what it prints (stdout), or that
/// and its log lines (stderr) in the order written.
enum class eddy_output { printed, printed_and_logged };

/// What a run of eddy that ended by itself printed and logged, and its
/// exit code.
struct finished_run {
  int exit_code = -1;
  std::string output;
};

/// Runs eddy with `args` until it exits by itself, within 30 s (failing
/// the test otherwise); for start-up errors and --help.
finished_run run_eddy_to_exit(const std::vector<std::string>& args);

class eddy_process {
public:
  using settings_list = test::settings_list;

  /// Starts eddy with its state and outputs under `dir`, plus `extra`
  /// settings (later ones win) and `arguments` (such as --from-savepoint),
  /// and waits until it prints its URL. Fails the test if it does not.
  eddy_process(const std::string& dir, const settings_list& extra,
               eddy_output output = eddy_output::printed,
               const std::vector<std::string>& arguments = {});

  /// Stops it with SIGTERM if it still runs.
  ~eddy_process();

  eddy_process(const eddy_process&) = delete;
  eddy_process& operator=(const eddy_process&) = delete;

  uint16_t port() const noexcept { return port_; }

  /// Its process id, for a browser test that stops it.
  pid_t pid() const noexcept { return process_->pid(); }

  /// What it printed (and logged, if asked for) up to and including the
  /// line with its URL.
  const std::string& start_up() const noexcept { return start_up_; }

  /// kill -9, and waits until it is gone.
  void kill();

  /// SIGTERM; true once it exited within `timeout`.
  bool stop(std::chrono::milliseconds timeout = std::chrono::seconds{30});

  /// Records the inventory job's partitions applied, from /v1/jobs.
  uint64_t records_processed();

  /// POST `target` with an `Authorization: Bearer token` header (none if
  /// `token` is empty).
  http_reply post_admin(const std::string& target, const std::string& token);

private:
  std::optional<child_process> process_;
  std::string start_up_;
  uint16_t port_ = 0;
};

/// Waits until the job's partitions took `n` records; fails the test if
/// they do not within a minute.
void wait_processed(eddy_process& eddy, uint64_t n);

/// Waits until the wall clock is at most 500 ms into a window of `size`
/// (processing-time tests that want every record in one window).
void wait_for_window_start(std::chrono::milliseconds size);

} // namespace eddy::test
