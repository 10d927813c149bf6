// eddy-bench-machines: the machine data job's figures (seed 003) as a
// Markdown table. See bench/machines/README.md.
#include <exception>
#include <iostream>

#include "apps/machines/machine_options.hpp"
#include "bench/common/in_process_pipeline.hpp"
#include "bench/common/scratch_dir.hpp"
#include "bench/machines/in_memory_job.hpp"
#include "bench/machines/machine_bench_options.hpp"
#include "bench/machines/mqtt_figures.hpp"

namespace {

using namespace eddy::bench;

std::vector<figure_result> measure(const machine_bench_options& opts,
                                   const scratch_dir& dir) {
  std::vector<figure_result> figures;
  // The job's bound, cap and out-of-orderness, --set included, for the loop.
  auto job = eddy::machines::read_options(
      in_process_settings(dir.fresh("options"), opts.extra_settings));
  // The plain loop is the in-memory job's baseline.
  if (opts.runs("loop") || opts.runs("memory"))
    figures.push_back(measure_plain_loop(opts, job));
  if (opts.runs("memory"))
    figures.push_back(measure_in_memory_job(opts, dir.fresh("memory")));
  if (opts.runs("mqtt"))
    for (auto& row : measure_mqtt(opts, dir.fresh("mqtt")))
      figures.push_back(std::move(row));
  return figures;
}

} // namespace

int main(int argc, char** argv) {
  try {
    auto opts = parse_machine_options(argc, argv);
    if (opts.wants_help) {
      std::cout << machine_usage();
      return 0;
    }
    scratch_dir dir{opts.dir};
    auto figures = measure(opts, dir);
    std::cout << printed_tables("eddy-bench-machines", opts.repeat,
                                ", " +
                                    std::to_string(opts.measure_time.count()) +
                                    " s each in memory",
                                opts.extra_settings, figures)
              << std::flush;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "eddy-bench-machines: " << e.what() << '\n';
    return 1;
  }
}
