// The inventory job in this process, in an actor system of its own: what
// the crash and checkpoint figures measure, and how every figure builds its
// state.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "apps/inventory/inventory_job.hpp"
#include "bench/common/job_actor_system.hpp"
#include "bench/common/setting_list.hpp"

namespace eddy::bench {

/// After a window's end, how long until it surely closed (the window
/// actor's tick is 100 ms).
constexpr std::chrono::milliseconds window_close_margin{500};

class in_process_job {
public:
  /// Starts the job with `settings` over the defaults, outputs as they
  /// configure; returns once every partition restored its state. Throws
  /// bench_failure with the job's start-up error.
  explicit in_process_job(const setting_list& settings);

  /// Stops the job cleanly: sources drained, a last checkpoint taken.
  ~in_process_job();

  in_process_job(const in_process_job&) = delete;
  in_process_job& operator=(const in_process_job&) = delete;

  inventory_job& job() { return *job_; }

  /// Records applied by all partitions, as /v1/jobs counts them.
  uint64_t records_processed() const;

  /// Takes a checkpoint now; throws bench_failure if it fails.
  checkpoint_status checkpoint();

private:
  std::unique_ptr<job_actor_system> sys_;
  std::unique_ptr<inventory_job> job_;
};

/// Sends one stock-adding transaction to each of `count` items, item_first,
/// item_{first+stride}, ... (item numbers start at 1, as the generator's),
/// and waits until the job applied all of them. The job must have no other
/// input meanwhile: the wait counts applied records. Prints progress on
/// long sweeps.
void sweep_items(in_process_job& job, uint64_t first, uint64_t count,
                 uint64_t stride);

/// Makes every one of `items` items exist and persists them: a sweep over
/// all of them, then a checkpoint. (The generator cannot do it: it draws
/// items from a Pareto distribution, and 3M draws over 1M items reach only
/// about a third of them.) Returns the wall clock (ms) when it ended.
int64_t prime_items(in_process_job& job, uint64_t items);

/// Sleeps until the summary windows (tumbling, `window_ms` long, aligned
/// to the epoch) that were open at `since_ms` have closed. Priming puts
/// every item into the window open then; once it closed, the window state
/// is what the generator's load leaves, and a restore no longer reloads an
/// accumulator per item (the next checkpoint deletes the closed windows).
void await_windows_closed(int64_t since_ms, int64_t window_ms);

} // namespace eddy::bench
