// Parses eddy-bench-throughput's flags.
#include "bench/throughput/throughput_options.hpp"

#include <string_view>

#include "bench/common/bench_failure.hpp"
#include "bench/common/command_line.hpp"

namespace eddy::bench {

throughput_options parse_throughput_options(int argc, const char* const* argv) {
  throughput_options opts;
  bool items_given = false;
  bool seconds_given = false;
  auto flags = parse_flags(argc, argv, [&](auto flag, auto value) {
    if (read_run_flag(flag, value, throughput_figures, opts))
      return;
    if (flag == "--items") {
      opts.items = positive_number(flag, value);
      items_given = true;
    } else if (flag == "--seconds") {
      opts.measure_time = std::chrono::seconds{positive_number(flag, value)};
      seconds_given = true;
    } else {
      throw unknown_flag(flag);
    }
  });
  opts.wants_help = flags.help;
  opts.quick = flags.quick;
  if (opts.quick && !items_given)
    opts.items = quick_items;
  if (opts.quick && !seconds_given)
    opts.measure_time = quick_measure_time;
  return opts;
}

std::string throughput_usage() {
  return R"(usage: eddy-bench-throughput [--quick] [--items N] [--seconds N]
                             [--repeat N] [--dir PATH]
                             [--only map|memory|job|rss|dedup]...
                             [--eddy PATH]

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
  dedup   memory per remembered transaction id: a stock partition
          applying 10M transactions that may be repeated (--quick 1M),
          against a std::unordered_map holding the same ids

  --items N    distinct items (default 1,000,000; --quick 100,000)
  --seconds N  how long each run measures (default 5; --quick 1)
  --dir PATH   keep the state under PATH (default: a temp dir, removed)
  --eddy PATH  the eddy program (default: next to this program)
)";
}

} // namespace eddy::bench
