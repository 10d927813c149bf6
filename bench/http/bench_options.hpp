// eddy-bench-http's command line, and every default it uses in one place.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace eddy::bench::http {

/// Distinct items the reads pick from, as issue 5 states the targets.
constexpr uint64_t default_items = 1'000'000;

/// Items with --quick (a smoke run).
constexpr uint64_t quick_items = 100'000;

/// Runs per figure; each figure reports the median of its runs.
constexpr int default_repeat = 3;

/// How long each measured wrk run lasts, and with --quick.
constexpr int default_seconds = 10;
constexpr int quick_seconds = 2;

/// A wrk run before the measured ones, not reported: connections open,
/// caches and the allocator warm, the CPU frequency up.
constexpr int default_warmup_seconds = 2;
constexpr int quick_warmup_seconds = 1;

/// wrk's request timeout: a request slower than this is a socket error,
/// which fails the run. Measured runs keep wrk's default (2 s); a --quick
/// smoke run checks that every request is answered, not how fast, and runs
/// beside other tests, under sanitizers too.
constexpr int default_wrk_timeout_seconds = 2;
constexpr int quick_wrk_timeout_seconds = 30;

/// The load issue 5 states the targets at: wrk -t2 -c64.
constexpr int wrk_threads = 2;
constexpr int wrk_connections = 64;

/// The generator's rate (records/s) during the ingest figure.
constexpr int64_t ingest_rate = 100'000;

/// The ingest figure warns when the generator ran slower than this share
/// of ingest_rate while wrk ran: the figure is then not at 100k tx/s.
constexpr double ingest_rate_tolerance = 0.9;

/// The summary windows' length with --quick, so waiting for the priming's
/// window to close stays short. Without --quick the job's default.
constexpr int64_t quick_window_ms = 1000;

/// After eddy started (and the priming's window closed), how long it runs
/// before the first wrk run: checkpoints drop the closed window and, with
/// the generator on, the ingest reaches its rate.
constexpr std::chrono::milliseconds settle_time{3000};

struct bench_options {
  /// --items: how many items are primed and read.
  uint64_t items = default_items;
  /// --repeat: measured wrk runs per figure.
  int repeat = default_repeat;
  /// --seconds: the length of each measured wrk run.
  int seconds = default_seconds;
  /// --quick: quick_items (unless --items), quick_seconds (unless
  /// --seconds) and quick_window_ms windows.
  bool quick = false;
  /// --http-threads: eddy's http.threads and the baseline's I/O threads;
  /// 0 means eddy's default.
  int http_threads = 0;
  /// --dir: where state goes (kept); empty: a temp dir removed afterwards.
  std::string dir{};
  /// --eddy: the eddy program; empty: the one next to this program.
  std::string eddy_program{};
  /// --baseline: the minimal server; empty: the one next to this program.
  std::string baseline_program{};
  bool wants_help = false;

  /// The unmeasured wrk run before the measured ones: default_warmup_seconds,
  /// quick_warmup_seconds with --quick.
  int warmup_seconds() const;
  /// default_wrk_timeout_seconds, quick_wrk_timeout_seconds with --quick.
  int wrk_timeout_seconds() const;
};

/// Parses the command line; throws bench_failure naming a bad flag or value.
bench_options parse_options(int argc, const char* const* argv);

/// What --help prints.
std::string usage();

} // namespace eddy::bench::http
