// eddy-bench-recovery: issue 4's recovery figures as a Markdown table. See
// bench/README.md.
#include <exception>
#include <iostream>

#include "bench/common/results_table.hpp"
#include "bench/common/scratch_dir.hpp"
#include "bench/recovery/bench_options.hpp"
#include "bench/recovery/checkpoint_cost.hpp"
#include "bench/recovery/partition_crash.hpp"
#include "bench/recovery/process_restart.hpp"

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
    if (opts.runs("crash"))
      figures.push_back(measure_partition_crash(opts, dir.fresh("crash")));
    if (opts.runs("process"))
      figures.push_back(measure_process_restart(opts, dir.fresh("process")));
    if (opts.runs("checkpoint"))
      for (auto& row : measure_checkpoints(opts, dir.fresh("checkpoint")))
        figures.push_back(std::move(row));
    std::cout << printed_tables("eddy-bench-recovery", opts.repeat, "", {},
                                figures)
              << std::flush;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "eddy-bench-recovery: " << e.what() << '\n';
    return 1;
  }
}
