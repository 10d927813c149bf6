// The baseline of the in-memory figures: one thread rolling the readings up
// without the engine, the job's decoder and a std::unordered_map.
#pragma once

#include <string>

#include "apps/sensors/sensor_options.hpp"
#include "apps/sensors/sensor_pipeline.hpp"
#include "bench/common/results_table.hpp"
#include "bench/sensors/reading_table.hpp"
#include "bench/sensors/sensor_bench_options.hpp"

namespace eddy::bench {

/// "plain loop, JSON (baseline)" or "plain loop, Avro (baseline)".
std::string plain_loop_figure(sensors::input_format format);

/// Per run, one thread decodes the table's readings in a cycle for
/// opts.measure_time (sensors::parse_json or sensors::avro_decoder, as the
/// job's sources decode them) and adds each to its device's open window
/// (device_windows: the job's window size and thresholds from `job`).
figure_result measure_plain_loop(const sensor_bench_options& opts,
                                 const sensors::options& job,
                                 const reading_table& table);

/// The job's decoder of `format`; throws bench_failure if it cannot be
/// made (the Avro schema the program carries does not load).
sensors::decoder decoder_for(sensors::input_format format);

} // namespace eddy::bench
