// Figure 3: what a checkpoint costs with a large state, after 10% of it
// changed and after nothing changed.
#pragma once

#include <string>
#include <vector>

#include "bench/common/results_table.hpp"
#include "bench/recovery/bench_options.hpp"

namespace eddy::bench {

/// Primes `items` items in `dir` in the in-process job (generator off,
/// periodic checkpoints out of the way), then per run changes every tenth
/// item (a different tenth each run), waits until the job applied the
/// changes and takes a checkpoint, then at once another with nothing
/// changed. Two rows: each checkpoint's duration (the figure) and bytes.
std::vector<figure_result> measure_checkpoints(const bench_options& opts,
                                               const std::string& dir);

} // namespace eddy::bench
