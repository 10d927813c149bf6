// Figure 2: the eddy program with a large state is killed with SIGKILL;
// how long until a new process on the same state serves again.
#pragma once

#include <string>

#include "bench/common/results_table.hpp"
#include "bench/recovery/bench_options.hpp"

namespace eddy::bench {

/// Primes `items` items in `dir` in-process, runs the eddy program on
/// that state with the generator at process_load_rate, waits until the
/// priming's windows closed and a checkpoint completed, then per run kills it
/// with SIGKILL and measures, from the start of a new eddy on the same
/// state.dir, until
///  - "URL printed": it printed where it serves (every partition restored),
///  - "/readyz": GET /readyz answered 200, and
///  - "serving" (the figure): GET /v1/items/item_ITEMS (an item only the
///    priming wrote) answered 200, after /readyz did.
/// Also reports the state directory's size after the first kill.
figure_result measure_process_restart(const bench_options& opts,
                                      const std::string& dir);

} // namespace eddy::bench
