// The inventory job's settings for the job and memory figures: the job as
// it ships (4 partitions, RocksDB state, one-minute summary windows, 1 s
// checkpoints), state under a scratch directory, outputs discarded.
#pragma once

#include <cstdint>
#include <string>

#include "bench/common/setting_list.hpp"

namespace eddy::bench {

/// `items` distinct items, the generator off.
setting_list throughput_job_settings(const std::string& dir, uint64_t items);

/// The generator on at `rate` records/s (0: as fast as the job takes them).
setting_list with_generator_at(setting_list base, int64_t rate);

} // namespace eddy::bench
