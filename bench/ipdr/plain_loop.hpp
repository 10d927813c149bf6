// The baseline of the in-memory figure: one thread rolling the IPDRs up
// without the engine, with simdjson and a std::unordered_map.
#pragma once

#include <string>

#include "bench/common/results_table.hpp"
#include "bench/ipdr/ipdr_bench_options.hpp"
#include "bench/ipdr/ipdr_table.hpp"

namespace eddy::bench {

inline const std::string plain_loop_figure = "plain loop (baseline)";

/// Per run, one thread parses the table's records in a cycle for
/// opts.measure_time with simdjson's DOM parser (in place, every document
/// validated) and adds the dsOctets of each "data" record to its mac|hour
/// (hour of fromTime in UTC) in a std::unordered_map, keeping the first
/// cmtsHostName as the job's window does.
figure_result measure_plain_loop(const ipdr_bench_options& opts,
                                 const ipdr_table& table);

} // namespace eddy::bench
