// Parses eddy-bench-http's flags.
#include "bench/http/bench_options.hpp"

#include <algorithm>
#include <optional>
#include <string_view>

#include "bench/common/bench_failure.hpp"
#include "bench/common/command_line.hpp"
#include "config/settings.hpp"

namespace eddy::bench::http {

int bench_options::warmup_seconds() const {
  return quick ? quick_warmup_seconds : default_warmup_seconds;
}

int bench_options::wrk_timeout_seconds() const {
  return quick ? quick_wrk_timeout_seconds : default_wrk_timeout_seconds;
}

bench_options parse_options(int argc, const char* const* argv) {
  bench_options opts;
  std::optional<uint64_t> items;
  std::optional<int> seconds;
  auto flags = parse_flags(argc, argv, [&](auto flag, auto value) {
    if (flag == "--items")
      items = positive_number(flag, value);
    else if (flag == "--repeat")
      opts.repeat = bounded_number(flag, value, 1000);
    else if (flag == "--seconds")
      seconds = bounded_number(flag, value, 3600);
    else if (flag == "--http-threads")
      opts.http_threads = bounded_number(flag, value, 64);
    else if (flag == "--dir")
      opts.dir = value;
    else if (flag == "--eddy")
      opts.eddy_program = value;
    else if (flag == "--baseline")
      opts.baseline_program = value;
    else
      throw unknown_flag(flag);
  });
  opts.wants_help = flags.help;
  opts.quick = flags.quick;
  opts.items = items.value_or(opts.quick ? quick_items : default_items);
  opts.seconds = seconds.value_or(opts.quick ? quick_seconds : default_seconds);
  if (opts.http_threads == 0)
    opts.http_threads =
        static_cast<int>(settings::defaults().get_int("http.threads"));
  return opts;
}

std::string usage() {
  return R"(usage: eddy-bench-http [--quick] [--items N] [--repeat N] [--seconds N]
                       [--http-threads N] [--dir PATH] [--eddy PATH]
                       [--baseline PATH]

Measures issue 5's HTTP read figures with wrk -t2 -c64 (each request reads a
random one of N primed items) and prints a Markdown table; each figure is the
median of --repeat runs (default 3), and eddy's figures are also shown as a
ratio to the minimal Beast server measured in the same invocation. Progress
goes to stderr. Needs wrk (Debian package wrk).

  minimal Beast server (baseline)   a Beast server answering a constant
                                    JSON body with eddy's number of I/O threads
  GET /v1/items/{id}, no ingest     the eddy program, generator off
  GET /v1/items/{id}, ingesting     the eddy program, generator at 100k tx/s

  --quick           100k items, 2 s wrk runs, 30 s request timeout (a smoke run)
  --items N         prime and read N items (default 1,000,000)
  --repeat N        measured wrk runs per figure (default 3)
  --seconds N       length of each measured wrk run (default 10)
  --http-threads N  eddy's http.threads and the baseline's I/O threads
                    (default: eddy's default)
  --dir PATH        keep the state under PATH (default: a temp dir, removed)
  --eddy PATH       the eddy program (default: next to this program)
  --baseline PATH   the minimal server (default: eddy-bench-http-baseline
                    next to this program)
)";
}

} // namespace eddy::bench::http
