// The eddy program's resident memory with every item in state, under load.
#pragma once

#include "bench/common/results_table.hpp"
#include "bench/throughput/throughput_options.hpp"

namespace eddy::bench {

figure_result measure_resident_memory(const throughput_options& opts,
                                      const std::string& dir);

} // namespace eddy::bench
