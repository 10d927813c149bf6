// eddy-bench-telemetry: the telemetry validation and deduplication's
// figures (seed 004) as a Markdown table. See bench/telemetry/README.md.
#include <exception>
#include <iostream>

#include "bench/common/results_table.hpp"
#include "bench/common/scratch_dir.hpp"
#include "bench/telemetry/kafka_figures.hpp"
#include "bench/telemetry/latency_figure.hpp"
#include "bench/telemetry/telemetry_bench_options.hpp"

namespace {

using namespace eddy::bench;

std::vector<figure_result> measure(const telemetry_bench_options& opts,
                                   const scratch_dir& dir) {
  std::vector<figure_result> figures;
  // The PostgreSQL figure's baseline is the Kafka-out run.
  if (opts.runs("kafka") || opts.runs("postgres"))
    figures = measure_kafka(opts, opts.runs("postgres"), dir.fresh("kafka"));
  if (opts.runs("latency")) {
    figures.push_back(
        measure_latency(opts, {}, ", defaults", dir.fresh("latency")));
    figures.push_back(measure_latency(opts, latency_tuning, ", tuned",
                                      dir.fresh("latency-tuned")));
  }
  return figures;
}

} // namespace

int main(int argc, char** argv) {
  try {
    auto opts = parse_telemetry_options(argc, argv);
    if (opts.wants_help) {
      std::cout << telemetry_usage();
      return 0;
    }
    scratch_dir dir{opts.dir};
    auto figures = measure(opts, dir);
    std::cout << printed_tables("eddy-bench-telemetry", opts.repeat, "",
                                opts.extra_settings, figures)
              << std::flush;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "eddy-bench-telemetry: " << e.what() << '\n';
    return 1;
  }
}
