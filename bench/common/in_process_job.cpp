// Runs the inventory job in-process and feeds it item sweeps.
#include "bench/common/in_process_job.hpp"

#include <algorithm>
#include <thread>
#include <vector>

#include "actors/wall_clock.hpp"
#include "bench/common/bench_failure.hpp"
#include "bench/common/progress.hpp"
#include "bench/common/results_table.hpp"
#include "bench/common/stopwatch.hpp"
#include "bench/common/wait_until.hpp"
#include "messages/error.hpp"

namespace eddy::bench {

namespace {

/// Transactions per send: large enough to amortise the blocking call.
constexpr uint64_t sweep_chunk = 8192;

/// A sweep this long reports its progress.
constexpr uint64_t chunks_per_progress_line = 1'000'000 / sweep_chunk;

/// Adds this much stock, so every transaction is accepted.
constexpr int32_t sweep_quantity = 100;

} // namespace

in_process_job::in_process_job(const setting_list& settings) {
  auto cfg = settings_of(settings);
  sys_ = std::make_unique<job_actor_system>(cfg);
  auto outputs = configured_outputs(cfg);
  if (!outputs)
    throw bench_failure{describe(outputs.error())};
  auto job = inventory_job::start(sys_->get(), cfg, std::move(*outputs));
  if (!job)
    throw bench_failure{"the inventory job did not start: " +
                        describe(job.error())};
  job_ = std::move(*job);
}

in_process_job::~in_process_job() {
  job_->stop();
  job_.reset();
}

uint64_t in_process_job::records_processed() const {
  uint64_t sum = 0;
  for (auto& part : job_->status().partitions)
    sum += part.records_processed;
  return sum;
}

checkpoint_status in_process_job::checkpoint() {
  auto cp = job_->checkpoint_now();
  if (cp.outcome != checkpoint_outcome::completed)
    throw bench_failure{"checkpoint " + std::to_string(cp.id) +
                        " failed: " + cp.reason};
  return cp;
}

void sweep_items(in_process_job& job, uint64_t first, uint64_t count,
                 uint64_t stride) {
  stopwatch elapsed;
  auto applied_before = job.records_processed();
  auto ts = wall_clock_ms();
  for (uint64_t sent = 0, chunks = 0; sent < count; ++chunks) {
    auto n = std::min(sweep_chunk, count - sent);
    std::vector<item_transaction> txs;
    txs.reserve(n);
    for (uint64_t i = sent; i < sent + n; ++i)
      txs.push_back({static_cast<int64_t>(i), ts,
                     "item_" + std::to_string(first + i * stride),
                     sweep_quantity});
    job.job().send(std::move(txs));
    sent += n;
    if (chunks % chunks_per_progress_line == chunks_per_progress_line - 1)
      progress("  sent " + with_commas(sent) + " of " + with_commas(count) +
               " items");
  }
  wait_until([&] { return job.records_processed() >= applied_before + count; },
             "the job applied " + with_commas(count) + " transactions");
  auto seconds = elapsed.elapsed_ms() / 1000;
  progress("  applied " + with_commas(count) + " transactions in " +
           std::to_string(seconds).substr(0, 5) + " s (" +
           with_commas(static_cast<uint64_t>(static_cast<double>(count) /
                                             std::max(seconds, 1e-3))) +
           "/s)");
}

int64_t prime_items(in_process_job& job, uint64_t items) {
  progress("  priming " + with_commas(items) + " items");
  sweep_items(job, 1, items, 1);
  stopwatch elapsed;
  auto cp = job.checkpoint();
  progress("  checkpoint " + std::to_string(cp.id) + " after priming: " +
           std::to_string(static_cast<int64_t>(elapsed.elapsed_ms())) + " ms");
  return wall_clock_ms();
}

void await_windows_closed(int64_t since_ms, int64_t window_ms) {
  auto end = (since_ms / window_ms + 1) * window_ms;
  auto wait =
      std::chrono::milliseconds{end - wall_clock_ms()} + window_close_margin;
  if (wait.count() <= 0)
    return;
  progress("  waiting " + format(static_cast<double>(wait.count()), unit::ms) +
           " until the priming's summary windows closed");
  std::this_thread::sleep_for(wait);
}

} // namespace eddy::bench
