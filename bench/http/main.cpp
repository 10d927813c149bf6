// eddy-bench-http: issue 5's HTTP read figures as a Markdown table. See
// README.md.
#include <exception>
#include <iostream>
#include <thread>

#include "bench/common/progress.hpp"
#include "bench/common/scratch_dir.hpp"
#include "bench/http/bench_options.hpp"
#include "bench/http/item_reads.hpp"
#include "bench/http/wrk_run.hpp"

int main(int argc, char** argv) {
  using namespace eddy::bench;
  using namespace eddy::bench::http;
  try {
    auto opts = parse_options(argc, argv);
    if (opts.wants_help) {
      std::cout << usage();
      return 0;
    }
    require_wrk();
    scratch_dir dir{opts.dir};
    auto figures = measure_item_reads(opts, dir.fresh("reads"));
    std::cout << "\neddy-bench-http, " << today() << ", "
              << std::thread::hardware_concurrency() << " cores, wrk -t"
              << wrk_threads << " -c" << wrk_connections << " -d"
              << opts.seconds << "s, " << opts.http_threads
              << " HTTP I/O thread(s), median of " << opts.repeat
              << " run(s)\n\n"
              << markdown_table(figures) << std::flush;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "eddy-bench-http: " << e.what() << '\n';
    return 1;
  }
}
