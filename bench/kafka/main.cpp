// eddy-bench-kafka: issue 5's Kafka figures as a Markdown table. See
// bench/kafka/README.md.
#include <exception>
#include <iostream>

#include "bench/common/results_table.hpp"
#include "bench/common/scratch_dir.hpp"
#include "bench/kafka/bench_options.hpp"
#include "bench/kafka/end_to_end_latency.hpp"
#include "bench/kafka/throughput_figures.hpp"

int main(int argc, char** argv) {
  using namespace eddy::bench;
  try {
    auto opts = parse_options(argc, argv);
    if (opts.wants_help) {
      std::cout << usage();
      return 0;
    }
    scratch_dir dir{opts.dir};
    std::vector<figure_result> figures;
    if (opts.runs("throughput"))
      for (auto& row : measure_throughput(opts, dir.fresh("throughput")))
        figures.push_back(std::move(row));
    if (opts.runs("latency"))
      for (auto& row : measure_latency(opts, dir.fresh("latency")))
        figures.push_back(std::move(row));
    std::cout << printed_tables("eddy-bench-kafka", opts.repeat, "",
                                opts.extra_settings, figures)
              << std::flush;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "eddy-bench-kafka: " << e.what() << '\n';
    return 1;
  }
}
