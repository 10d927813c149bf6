// The sensors job in memory: the real pipeline (sensors::plan) in this
// process, fed by generators that decode pre-made readings as the Kafka
// source would, its rollups and alerts discarded.
#pragma once

#include <memory>
#include <string>

#include "bench/common/in_process_pipeline.hpp"
#include "bench/common/results_table.hpp"
#include "bench/sensors/reading_table.hpp"
#include "bench/sensors/sensor_bench_options.hpp"
#include "bench/sensors/table_feed.hpp"

namespace eddy::bench {

/// Starts sensors::plan with `cfg` (sensors.* and the engine's keys) over
/// `feed`'s source, rollups and alerts to discarding writers. Throws
/// bench_failure if the plan or the job fails.
std::unique_ptr<in_process_pipeline> start_sensor_job(const settings& cfg,
                                                      const table_feed& feed);

/// Per run, in an actor system of its own with the engine's defaults (4
/// partitions, 2 scheduler threads, batches of 512, 1 s checkpoints of the
/// window state to RocksDB under `dir`) and the job's (1-minute
/// processing-time windows): generator_parallelism generators decode the
/// table's readings, as fast as the job takes them. After warm_up_time,
/// readings its partitions applied (keyed, into their windows) per second
/// over opts.measure_time. Compared with the plain loop of the table's
/// format.
figure_result measure_in_memory_job(const sensor_bench_options& opts,
                                    const reading_table& table,
                                    const std::string& dir);

} // namespace eddy::bench
