// The inventory job's settings for the job and memory figures: the job as
// it ships (4 partitions, RocksDB state, one-minute summary windows, 1 s
// checkpoints), state under a scratch directory, outputs discarded.
#pragma once

#include <cstdint>
#include <string>

#include "bench/common/setting_list.hpp"
#include "bench/throughput/throughput_options.hpp"

namespace eddy::bench {

/// opts.items distinct items, the generator off; with --quick one-second
/// summary windows (so waiting for one to close stays short).
setting_list throughput_job_settings(const std::string& dir,
                                     const throughput_options& opts);

/// The summary windows' length those settings give.
int64_t summary_window_ms(const throughput_options& opts);

/// The generator on at `rate` records/s (0: as fast as the job takes them).
setting_list with_generator_at(setting_list base, int64_t rate);

} // namespace eddy::bench
