// Runs independent start-up work (restoring partitions from the store) on
// several threads, so a restart uses every core instead of one.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <optional>
#include <thread>
#include <vector>

namespace eddy {

/// Calls `f(i)` for every i in [0, n) on up to `threads` threads at once
/// and answers the results in order of i. `f` must be safe to call
/// concurrently.
template <class F>
auto map_in_parallel(size_t n, size_t threads, F f)
    -> std::vector<decltype(f(size_t{0}))> {
  using result_type = decltype(f(size_t{0}));
  std::vector<std::optional<result_type>> slots(n);
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (auto i = next++; i < n; i = next++)
      slots[i].emplace(f(i));
  };
  std::vector<std::thread> workers;
  auto extra = std::min(threads, n);
  for (size_t t = 1; t < extra; ++t)
    workers.emplace_back(work);
  work();
  for (auto& worker : workers)
    worker.join();
  std::vector<result_type> results;
  results.reserve(n);
  for (auto& slot : slots)
    results.push_back(std::move(*slot));
  return results;
}

} // namespace eddy
