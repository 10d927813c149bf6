// Keyed stock validation in memory, built from the engine's parts: the
// generator feeds an ingress that routes by item to the partitions, which
// validate against their in-memory state and send their results to a sink
// that counts them. No RocksDB writes, no checkpoints, no windows.
#pragma once

#include "bench/common/results_table.hpp"
#include "bench/throughput/throughput_options.hpp"
#include "bench/throughput/transaction_table.hpp"

namespace eddy::bench {

figure_result measure_memory_pipeline(const throughput_options& opts,
                                      const transaction_table& table,
                                      const std::string& dir);

} // namespace eddy::bench
