// The baseline every rate is compared with: one thread applying the
// transactions to a std::unordered_map, without the engine.
#pragma once

#include "bench/common/results_table.hpp"
#include "bench/throughput/throughput_options.hpp"
#include "bench/throughput/transaction_table.hpp"

namespace eddy::bench {

inline const std::string map_loop_figure = "map loop (baseline)";

figure_result measure_map_loop(const throughput_options& opts,
                               const transaction_table& table);

} // namespace eddy::bench
