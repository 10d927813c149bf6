// Parses eddy-bench-recovery's flags.
#include "bench/recovery/bench_options.hpp"

#include <string_view>

#include "bench/common/bench_failure.hpp"
#include "bench/common/command_line.hpp"

namespace eddy::bench {

uint64_t bench_options::items_for(uint64_t figure_default) const {
  if (items)
    return *items;
  return quick ? quick_items : figure_default;
}

bench_options parse_options(int argc, const char* const* argv) {
  bench_options opts;
  auto flags = parse_flags(argc, argv, [&](auto flag, auto value) {
    if (read_run_flag(flag, value, figure_names, opts))
      return;
    if (flag == "--items")
      opts.items = positive_number(flag, value);
    else
      throw unknown_flag(flag);
  });
  opts.wants_help = flags.help;
  opts.quick = flags.quick;
  return opts;
}

std::string usage() {
  return R"(usage: eddy-bench-recovery [--quick] [--items N] [--repeat N] [--dir PATH]
                            [--only crash|process|checkpoint]... [--eddy PATH]

Measures issue 4's recovery figures and prints a Markdown table; each figure
is the median of --repeat runs (default 3). Progress goes to stderr.

  crash       the in-process inventory job with 1M items under 100k tx/s:
              a partition crashes; time until it runs again and caught up
  process     the eddy program with 10M items under 100k tx/s is killed
              with SIGKILL; time from its restart until /readyz and an
              item answer 200; the state directory's size
  checkpoint  the in-process job with 1M items: a checkpoint after 10% of
              the items changed, and one after nothing changed

  --quick     100k items for every figure (a smoke run)
  --items N   N items for every figure
  --dir PATH  keep the state under PATH (default: a temp dir, removed)
  --eddy PATH the eddy program (default: next to this program)
)";
}

} // namespace eddy::bench
