// fork and exec for every program a benchmark starts (eddy, eddy-devkafka,
// wrk, a baseline server), so each is started, and fails, the same way.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace eddy::bench {

/// Starts `args[0]` (a path, or a name looked up in PATH) with `args`:
/// stdin from /dev/null, stdout to `out`, stderr to `err`. The child gets
/// SIGKILL when this process dies. Answers its pid; throws bench_failure
/// naming the program and errno's text if it cannot be started or executed.
pid_t spawn_child(const std::vector<std::string>& args, int out, int err);

} // namespace eddy::bench
