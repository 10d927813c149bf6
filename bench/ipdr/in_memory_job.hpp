// The IPDR job in memory: the real pipeline (ipdr::plan) in this process,
// fed by a generator source that parses pre-made IPDR JSON as the Kafka
// source would, its usage discarded.
#pragma once

#include <string>

#include "bench/common/results_table.hpp"
#include "bench/ipdr/ipdr_bench_options.hpp"
#include "bench/ipdr/ipdr_table.hpp"

namespace eddy::bench {

/// Per run, in an actor system of its own with the engine's defaults (4
/// partitions, 2 scheduler threads, batches of 512, 1 s checkpoints of the
/// window state to RocksDB under `dir`) and the job's (1 h processing-time
/// windows, "data" kept): the generator makes record i by parsing the
/// table's record i with ipdr::parser, as fast as the job takes them.
/// After warm_up_time, JSON records per second over opts.measure_time.
figure_result measure_in_memory_job(const ipdr_bench_options& opts,
                                    const ipdr_table& table,
                                    const std::string& dir);

} // namespace eddy::bench
