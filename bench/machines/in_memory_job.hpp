// The plain loop and the machines job in memory, over the same generated
// states.
#pragma once

#include <string>

#include "apps/machines/machine_options.hpp"
#include "bench/common/results_table.hpp"
#include "bench/machines/machine_bench_options.hpp"

namespace eddy::bench {

/// The plain loop's row, the in-memory job's baseline.
inline const std::string plain_loop_figure = "plain loop (baseline)";

/// The mean readings (quantities) of the generator's states, from its
/// first `states`.
double readings_per_state(uint64_t states);

/// Per run, one thread makes generator states (Timestamp: the wall clock,
/// read every 512 states as the generator source does) and runs them
/// through power_loop for opts.measure_time, with `job`'s bound, cap and
/// out-of-orderness.
figure_result measure_plain_loop(const machine_bench_options& opts,
                                 const machines::options& job);

/// Per run, machines::plan with its generator source (2 generators, rate
/// 0) in an actor system of its own under `dir`, every output discarded;
/// after warm_up_time, the states its partitions applied per second over
/// opts.measure_time (one record per state). Compared with the plain loop.
figure_result measure_in_memory_job(const machine_bench_options& opts,
                                    const std::string& dir);

} // namespace eddy::bench
