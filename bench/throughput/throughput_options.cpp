// Parses eddy-bench-throughput's flags.
#include "bench/throughput/throughput_options.hpp"

#include <algorithm>
#include <string_view>

#include "bench/common/bench_failure.hpp"
#include "bench/common/command_line.hpp"

namespace eddy::bench {

bool throughput_options::runs(const std::string& name) const {
  return only.empty() ||
         std::find(only.begin(), only.end(), name) != only.end();
}

throughput_options parse_throughput_options(int argc, const char* const* argv) {
  throughput_options opts;
  bool items_given = false;
  bool seconds_given = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      opts.wants_help = true;
      continue;
    }
    if (flag == "--quick") {
      opts.quick = true;
      continue;
    }
    if (i + 1 >= argc)
      throw bench_failure{std::string{flag} + (flag.starts_with("--")
                                                   ? ": needs a value"
                                                   : ": unknown flag")};
    std::string_view value = argv[++i];
    if (flag == "--items") {
      opts.items = positive_number(flag, value);
      items_given = true;
    } else if (flag == "--seconds") {
      opts.measure_time = std::chrono::seconds{positive_number(flag, value)};
      seconds_given = true;
    } else if (flag == "--repeat") {
      opts.repeat = static_cast<int>(
          std::min<uint64_t>(positive_number(flag, value), 1000));
    } else if (flag == "--dir") {
      opts.dir = value;
    } else if (flag == "--eddy") {
      opts.eddy_program = value;
    } else if (flag == "--only") {
      if (std::find(throughput_figures.begin(), throughput_figures.end(),
                    value) == throughput_figures.end())
        throw bench_failure{"--only: expected map, memory, job or rss, got \"" +
                            std::string{value} + "\""};
      opts.only.emplace_back(value);
    } else {
      throw bench_failure{std::string{flag} + ": unknown flag; see --help"};
    }
  }
  if (opts.quick && !items_given)
    opts.items = quick_items;
  if (opts.quick && !seconds_given)
    opts.measure_time = quick_measure_time;
  return opts;
}

std::string throughput_usage() {
  return R"(usage: eddy-bench-throughput [--quick] [--items N] [--seconds N]
                             [--repeat N] [--dir PATH]
                             [--only map|memory|job|rss]... [--eddy PATH]

Measures issue 5's throughput and memory figures and prints a Markdown
table; each figure is the median of --repeat runs (default 3), rates are
also shown as a ratio to the map loop measured in the same invocation.
Progress goes to stderr.

  map     baseline: one thread applying the transactions to a
          std::unordered_map (stock validation, no engine)
  memory  keyed stock validation in memory: generator -> ingress ->
          partitions -> a sink that counts, no RocksDB, no checkpoints
  job     the whole inventory job: RocksDB state, summary windows, 1 s
          checkpoints, the generator as fast as the job takes it
  rss     the eddy program's resident memory with every item in state,
          under 100k tx/s

  --items N    distinct items (default 1,000,000; --quick 100,000)
  --seconds N  how long each run measures (default 5; --quick 1)
  --dir PATH   keep the state under PATH (default: a temp dir, removed)
  --eddy PATH  the eddy program (default: next to this program)
)";
}

} // namespace eddy::bench
