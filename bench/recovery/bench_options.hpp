// eddy-bench-recovery's command line, and every default it uses in one place.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/common/run_flags.hpp"

namespace eddy::bench {

/// Items in state per figure, as issue 4 states the targets.
constexpr uint64_t crash_items = 1'000'000;
constexpr uint64_t process_items = 10'000'000;
constexpr uint64_t checkpoint_items = 1'000'000;

/// Items of every figure with --quick (a smoke run).
constexpr uint64_t quick_items = 100'000;

/// The summary windows' length with --quick, so waiting for the priming's
/// windows to close (see await_windows_closed) stays short. Without
/// --quick the job's default (one minute).
constexpr int64_t quick_window_ms = 1000;

/// The checkpoint figure changes every tenth item: 10% of the state.
constexpr uint64_t changed_stride = 10;

/// Generator load (records/s) while a partition crashes and catches up: the
/// ingest rate DESIGN.md's latency targets are stated at.
constexpr int64_t crash_load_rate = 100'000;

/// Generator load (records/s) of the eddy program before it is killed, so
/// it dies with records applied after its last checkpoint.
constexpr int64_t process_load_rate = 100'000;

/// How long the job runs between two crashes (and after a start before the
/// first), so a crash lands anywhere in a checkpoint interval and finds
/// periodic checkpoints taken meanwhile.
constexpr std::chrono::milliseconds settle_time{2500};

/// The figures, by the names --only takes.
inline const std::vector<std::string> figure_names{"crash", "process",
                                                   "checkpoint"};

struct bench_options : run_flags {
  /// --items: the size of every figure; else each figure's default.
  std::optional<uint64_t> items;
  /// --quick: quick_items for every figure not sized by --items, and
  /// quick_window_ms windows.
  bool quick = false;
  bool wants_help = false;

  /// The items of a figure whose default size is `figure_default`.
  uint64_t items_for(uint64_t figure_default) const;
};

/// Parses the command line; throws bench_failure naming a bad flag or value.
bench_options parse_options(int argc, const char* const* argv);

/// What --help prints.
std::string usage();

} // namespace eddy::bench
