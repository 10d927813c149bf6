// The whole inventory job in-process, as fast as it goes: every item
// primed and checkpointed first, then its own generator at rate 0.
#pragma once

#include "bench/common/results_table.hpp"
#include "bench/throughput/throughput_options.hpp"

namespace eddy::bench {

figure_result measure_full_job(const throughput_options& opts,
                               const std::string& dir);

} // namespace eddy::bench
