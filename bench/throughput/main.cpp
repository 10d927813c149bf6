// eddy-bench-throughput: issue 5's throughput and memory figures as a
// Markdown table. See bench/README.md.
#include <exception>
#include <iostream>
#include <optional>

#include "bench/common/results_table.hpp"
#include "bench/common/scratch_dir.hpp"
#include "bench/throughput/dedup_memory.hpp"
#include "bench/throughput/full_job.hpp"
#include "bench/throughput/map_loop.hpp"
#include "bench/throughput/memory_pipeline.hpp"
#include "bench/throughput/resident_memory.hpp"
#include "bench/throughput/throughput_options.hpp"

int main(int argc, char** argv) {
  using namespace eddy::bench;
  try {
    auto opts = parse_throughput_options(argc, argv);
    if (opts.wants_help) {
      std::cout << throughput_usage();
      return 0;
    }
    scratch_dir dir{opts.dir};
    std::vector<figure_result> figures;
    // The map loop is every rate's baseline.
    if (opts.runs("map") || opts.runs("memory") || opts.runs("job")) {
      transaction_table table{opts.items, transaction_table_size};
      figures.push_back(measure_map_loop(opts, table));
      if (opts.runs("memory"))
        figures.push_back(
            measure_memory_pipeline(opts, table, dir.fresh("memory")));
    }
    if (opts.runs("job"))
      figures.push_back(measure_full_job(opts, dir.fresh("job")));
    if (opts.runs("rss"))
      figures.push_back(measure_resident_memory(opts, dir.fresh("rss")));
    if (opts.runs("dedup"))
      for (auto& figure : measure_dedup_memory(opts, dir.fresh("dedup")))
        figures.push_back(std::move(figure));
    std::cout << printed_tables("eddy-bench-throughput", opts.repeat,
                                ", " +
                                    std::to_string(opts.measure_time.count()) +
                                    " s each",
                                {}, figures)
              << std::flush;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "eddy-bench-throughput: " << e.what() << '\n';
    return 1;
  }
}
