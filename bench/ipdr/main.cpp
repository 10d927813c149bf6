// eddy-bench-ipdr: the IPDR rollup's figures (issue 15) as a Markdown
// table. See bench/ipdr/README.md.
#include <exception>
#include <iostream>

#include "bench/common/progress.hpp"
#include "bench/common/scratch_dir.hpp"
#include "bench/ipdr/in_memory_job.hpp"
#include "bench/ipdr/ipdr_bench_options.hpp"
#include "bench/ipdr/ipdr_table.hpp"
#include "bench/ipdr/kafka_figures.hpp"
#include "bench/ipdr/parser_figures.hpp"
#include "bench/ipdr/plain_loop.hpp"

namespace {

using namespace eddy::bench;

ipdr_table make_table(const ipdr_bench_options& opts) {
  progress("making " + with_commas(opts.table_size()) + " IPDRs over " +
           with_commas(distinct_macs) + " MACs");
  ipdr_table table{opts.table_size(), distinct_macs};
  progress("  " + std::to_string(table.mean_bytes()).substr(0, 5) +
           " bytes each on average, " +
           std::to_string(table.data_share() * 100).substr(0, 4) + "% data");
  return table;
}

std::vector<figure_result> measure(const ipdr_bench_options& opts,
                                   const ipdr_table& table,
                                   const scratch_dir& dir) {
  std::vector<figure_result> figures;
  // The plain loop is the in-memory job's baseline.
  if (opts.runs("loop") || opts.runs("memory"))
    figures.push_back(measure_plain_loop(opts, table));
  if (opts.runs("memory"))
    figures.push_back(measure_in_memory_job(opts, table, dir.fresh("memory")));
  if (opts.runs("parse"))
    for (auto& row : measure_parsers(opts, table))
      figures.push_back(std::move(row));
  if (opts.runs("kafka"))
    for (auto& row : measure_kafka(opts, table, dir.fresh("kafka")))
      figures.push_back(std::move(row));
  return figures;
}

} // namespace

int main(int argc, char** argv) {
  try {
    auto opts = parse_ipdr_options(argc, argv);
    if (opts.wants_help) {
      std::cout << ipdr_usage();
      return 0;
    }
    scratch_dir dir{opts.dir};
    auto table = make_table(opts);
    auto figures = measure(opts, table, dir);
    std::cout << printed_tables(
                     "eddy-bench-ipdr", opts.repeat,
                     ", " + std::to_string(opts.measure_time.count()) +
                         " s each in memory; IPDRs of " +
                         std::to_string(static_cast<int>(table.mean_bytes())) +
                         " bytes on average",
                     opts.extra_settings, figures)
              << std::flush;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "eddy-bench-ipdr: " << e.what() << '\n';
    return 1;
  }
}
