// fork and exec for every program a benchmark starts (eddy, eddy-devkafka,
// wrk, a baseline server), so each is started, and fails, the same way.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <csignal>
#include <optional>
#include <string>
#include <vector>

namespace eddy::bench {

/// Starts `args[0]` (a path, or a name looked up in PATH) with `args`:
/// stdin from /dev/null, stdout to `out`, stderr to `err`. The child gets
/// SIGKILL when this process dies. Answers its pid; throws bench_failure
/// naming the program and errno's text if it cannot be started or executed.
pid_t spawn_child(const std::vector<std::string>& args, int out, int err);

/// Starts `args` as spawn_child does, stdout and stderr appended to the
/// file at `log_path` (created if missing), e.g. a server's output for its
/// launcher's log(). Throws bench_failure if the file cannot be opened too.
pid_t spawn_logged(const std::vector<std::string>& args,
                   const std::string& log_path);

/// Reaps child `pid` if it exits within `timeout`: its exit code (-1 if a
/// signal ended it), or nothing while it still runs.
std::optional<int> reap_child(pid_t pid, std::chrono::milliseconds timeout);

/// Stops child `pid`: `signal` (SIGTERM unless the program wants another
/// to exit cleanly), then SIGKILL if it has not exited after `grace`; reaps
/// it either way.
void stop_child(pid_t pid, std::chrono::milliseconds grace,
                int signal = SIGTERM);

} // namespace eddy::bench
