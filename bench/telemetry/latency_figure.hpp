// The latency figure: an event written to raw_telemetry until it can be
// read from validated_telemetry, through the eddy program at the seed's
// 10,000 events/s.
#pragma once

#include <string>
#include <vector>

#include "bench/common/results_table.hpp"
#include "bench/telemetry/telemetry_bench_options.hpp"

namespace eddy::bench {

/// Per run, on a dev cluster of its own (raw_telemetry and
/// validated_telemetry of min_input_partitions each): the eddy program
/// running the telemetry job from Kafka to Kafka (fresh state and group;
/// its defaults and opts.extra_settings), and measure_paced_latency with
/// sent_events at latency_rate: opts.warmup(), then opts.measure_time
/// measured. One row named "end-to-end latency at 10k events/s" +
/// `name_suffix`, with eddy's defaults, opts.extra_settings and `tuning`
/// (the settings the row is about, e.g. shorter sink batching). State and
/// logs go under `dir`.
figure_result measure_latency(const telemetry_bench_options& opts,
                              const setting_list& tuning,
                              const std::string& name_suffix,
                              const std::string& dir);

} // namespace eddy::bench
