// eddy-bench-sensors: the IoT sensor rollup's figures (seed 001, issue 16)
// as a Markdown table. See bench/sensors/README.md.
#include <exception>
#include <iostream>

#include "bench/common/in_process_pipeline.hpp"
#include "bench/common/progress.hpp"
#include "bench/common/scratch_dir.hpp"
#include "bench/sensors/in_memory_job.hpp"
#include "bench/sensors/kafka_figures.hpp"
#include "bench/sensors/plain_loop.hpp"
#include "bench/sensors/reading_table.hpp"
#include "bench/sensors/resident_memory.hpp"
#include "bench/sensors/sensor_bench_options.hpp"

namespace {

using namespace eddy::bench;
using eddy::sensors::input_format;

reading_table make_table(input_format format, uint64_t size) {
  progress("making " + with_commas(size) + " " + name_of(format) +
           " readings over " + with_commas(drawn_devices) + " sensors");
  auto table = reading_table::drawn(format, size, drawn_devices);
  progress("  " + std::to_string(table.mean_bytes()).substr(0, 5) +
           " bytes each on average");
  return table;
}

// The rows of the plain loop and the job over readings in `format`.
void measure_in_memory(const sensor_bench_options& opts,
                       const eddy::sensors::options& job, input_format format,
                       const scratch_dir& dir,
                       std::vector<figure_result>& figures) {
  auto table = make_table(format, opts.table_size());
  // The plain loop is the in-memory job's baseline.
  figures.push_back(measure_plain_loop(opts, job, table));
  if (opts.runs("memory"))
    figures.push_back(measure_in_memory_job(
        opts, table, dir.fresh("memory-" + name_of(format))));
}

std::vector<figure_result> measure(const sensor_bench_options& opts,
                                   const scratch_dir& dir) {
  // The job's window size and thresholds, --set included, for the loop.
  auto job = eddy::sensors::read_options(
      in_process_settings(dir.fresh("options"), opts.extra_settings));
  std::vector<figure_result> figures;
  if (opts.runs("loop") || opts.runs("memory"))
    for (auto format : {input_format::json, input_format::avro})
      measure_in_memory(opts, job, format, dir, figures);
  if (opts.runs("rss")) {
    auto devices = opts.memory_device_count();
    progress("rss: one JSON reading of each of " + with_commas(devices) +
             " sensors");
    auto table = reading_table::one_per_device(input_format::json, devices);
    for (auto& row :
         measure_resident_memory(opts, job, table, dir.fresh("rss")))
      figures.push_back(std::move(row));
  }
  if (opts.runs("kafka"))
    for (auto& row : measure_kafka(opts, dir.fresh("kafka")))
      figures.push_back(std::move(row));
  return figures;
}

} // namespace

int main(int argc, char** argv) {
  try {
    auto opts = parse_sensor_options(argc, argv);
    if (opts.wants_help) {
      std::cout << sensor_usage();
      return 0;
    }
    scratch_dir dir{opts.dir};
    auto figures = measure(opts, dir);
    std::cout << printed_tables("eddy-bench-sensors", opts.repeat,
                                ", " +
                                    std::to_string(opts.measure_time.count()) +
                                    " s each in memory",
                                opts.extra_settings, figures)
              << std::flush;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "eddy-bench-sensors: " << e.what() << '\n';
    return 1;
  }
}
