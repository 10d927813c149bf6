// What a device with an open window costs in memory: the sensors job in
// memory against the plain loop's map, each over a million sensors.
#pragma once

#include <string>
#include <vector>

#include "apps/sensors/sensor_options.hpp"
#include "bench/common/results_table.hpp"
#include "bench/sensors/reading_table.hpp"
#include "bench/sensors/sensor_bench_options.hpp"

namespace eddy::bench {

/// Two rows over `table` (one JSON reading per sensor,
/// reading_table::one_per_device), each the growth of this process's
/// resident memory (VmRSS) from before it started, with what earlier runs
/// freed given back to the system first:
///  - "resident memory, plain loop's map" (the baseline): device_windows
///    after one pass over the table, a window per sensor;
///  - "resident memory, sensors job": the job in memory (as
///    measure_in_memory_job runs it, state under `dir`), its generators
///    reading the table once, when its windows took every reading in,
///    i.e. every sensor has an open window, and what the readings in
///    flight took was given back (malloc_trim).
/// Both with `job`'s 1-minute processing-time windows: the job's run
/// starts at the beginning of a minute if less than memory_run_budget is
/// left of the current one, and fails if a minute ended before it
/// measured (windows closed).
std::vector<figure_result>
measure_resident_memory(const sensor_bench_options& opts,
                        const sensors::options& job, const reading_table& table,
                        const std::string& dir);

} // namespace eddy::bench
