// The settings the read figures run the inventory job with: the same list
// primes the state in-process and goes to the eddy program as --set.
#pragma once

#include <cstdint>
#include <string>

#include "bench/common/setting_list.hpp"
#include "bench/http/bench_options.hpp"

namespace eddy::bench::http {

/// State and outputs under `dir`, opts.items distinct items for the
/// generator (off), results and alerts discarded, opts.http_threads HTTP
/// I/O threads, the windows window_size_ms(opts) long; the other keys keep
/// their defaults (4 partitions, 2 scheduler threads, 1 s checkpoints), so
/// the figures describe the job as it ships.
setting_list job_settings(const std::string& dir, const bench_options& opts);

/// The summary windows' length: the job's default, quick_window_ms with
/// --quick.
int64_t window_size_ms(const bench_options& opts);

/// `base` with the generator on at ingest_rate.
setting_list ingesting(setting_list base);

} // namespace eddy::bench::http
