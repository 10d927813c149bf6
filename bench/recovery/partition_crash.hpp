// Figure 1: a partition of the in-process inventory job crashes under load;
// how long until it runs again and has caught up.
#pragma once

#include <string>

#include "bench/common/results_table.hpp"
#include "bench/recovery/bench_options.hpp"

namespace eddy::bench {

/// Primes `items` items in `dir`, restarts the job on them with the
/// generator at crash_load_rate, waits until the priming's windows closed,
/// then per run crashes one partition (the
/// run number modulo the partitions) and measures from the crash until
///  - "running again": the partition runs its new incarnation, restored
///    from the last checkpoint (restart.delay.ms included), and
///  - "caught up" (the figure): it has applied every record that any
///    partition had applied when it crashed, i.e. its applied generator
///    position reaches the highest one in the job at the crash: it is no
///    further behind the source than the job was.
/// Also reports the generator records the job had applied since its last
/// checkpoint at the crash (the replayed partition gets its share).
figure_result measure_partition_crash(const bench_options& opts,
                                      const std::string& dir);

} // namespace eddy::bench
