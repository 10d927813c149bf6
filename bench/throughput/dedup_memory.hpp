// What remembering transaction ids for idempotence costs in memory.
#pragma once

#include <string>

#include "bench/common/results_table.hpp"
#include "bench/throughput/throughput_options.hpp"

namespace eddy::bench {

/// Transaction ids remembered per run: the figure's size.
constexpr uint64_t dedup_ids = 10'000'000;
constexpr uint64_t quick_dedup_ids = 1'000'000;

/// The resident memory a stock partition grows by while it applies
/// dedup_ids transactions that may be repeated (each remembered with its
/// result, checkpointed to RocksDB every million), and, as the baseline,
/// what the obvious seen-set (std::unordered_map from item and id to the
/// result) grows by holding the same ids. Two rows: baseline, then Eddy.
std::vector<figure_result> measure_dedup_memory(const throughput_options& opts,
                                                const std::string& dir);

} // namespace eddy::bench
