// The settings every figure runs the inventory job with, in-process or as
// the eddy program: the same list goes to settings::set and to --set.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "bench/common/setting_list.hpp"
#include "bench/recovery/bench_options.hpp"

namespace eddy::bench {

/// State and outputs under `dir`, `items` distinct items for the
/// generator (off unless a figure turns it on), nothing printed, the
/// windows window_size_ms(opts) long; the other keys keep their defaults
/// (4 partitions, 1 s checkpoints, 100 ms restart delay), so the figures
/// describe the job as it ships.
setting_list job_settings(const std::string& dir, uint64_t items,
                          const bench_options& opts);

/// The summary windows' length: the job's default, quick_window_ms with
/// --quick.
int64_t window_size_ms(const bench_options& opts);

/// The generator on at `rate` records/s.
setting_list with_generator(setting_list base, int64_t rate);

} // namespace eddy::bench
