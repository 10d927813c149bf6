// Measures how fast counters grow: a thread samples running totals once an
// interval and answers, per name, the rate over the last second and the
// last ten. Rates need samples at steady times, not whenever someone asks.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "messages/job_status.hpp"

namespace eddy {

class rate_sampler {
public:
  using clock = std::chrono::steady_clock;
  /// The running totals to sample, by name; each only grows.
  using totals_function =
      std::function<std::vector<std::pair<std::string, uint64_t>>()>;

  /// Starts sampling `totals` every `interval` (at most 1 s: the shortest
  /// rate is over 1 s).
  explicit rate_sampler(totals_function totals,
                        clock::duration interval = std::chrono::seconds{1})
      : totals_(std::move(totals)), interval_(interval),
        thread_([this] { run(); }) {}

  /// Stops and joins the sampling thread.
  ~rate_sampler() {
    {
      std::lock_guard guard{mtx_};
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

  rate_sampler(const rate_sampler&) = delete;
  rate_sampler& operator=(const rate_sampler&) = delete;

  /// The rates of every name sampled at least twice.
  std::vector<actor_rate> rates() const {
    std::lock_guard guard{mtx_};
    std::vector<actor_rate> result;
    for (auto& [name, samples] : history_)
      if (samples.size() >= 2)
        result.push_back({name, per_second(samples, std::chrono::seconds{1}),
                          per_second(samples, std::chrono::seconds{10})});
    return result;
  }

  /// Records `totals` as taken at `now` (the thread calls it; tests may).
  void sample(clock::time_point now,
              const std::vector<std::pair<std::string, uint64_t>>& totals) {
    std::lock_guard guard{mtx_};
    for (auto& [name, total] : totals) {
      auto& samples = history_[name];
      samples.emplace_back(now, total);
      // Ten seconds back, plus the sample just before them.
      while (samples.size() > 2 &&
             now - samples[1].first >= std::chrono::seconds{10})
        samples.pop_front();
    }
  }

private:
  using series = std::deque<std::pair<clock::time_point, uint64_t>>;

  // Growth per second from the newest sample back to the newest one at
  // least `window` older (or the oldest there is).
  static double per_second(const series& samples, clock::duration window) {
    auto& [now, latest] = samples.back();
    auto from = samples.begin();
    for (auto it = samples.begin(); it != samples.end(); ++it)
      if (now - it->first >= window)
        from = it;
    auto seconds = std::chrono::duration<double>(now - from->first).count();
    if (seconds <= 0 || latest < from->second)
      return 0;
    return static_cast<double>(latest - from->second) / seconds;
  }

  void run() {
    std::unique_lock lock{mtx_};
    while (!stopping_) {
      lock.unlock();
      auto totals = totals_();
      sample(clock::now(), totals);
      lock.lock();
      wake_.wait_for(lock, interval_, [this] { return stopping_; });
    }
  }

  totals_function totals_;
  clock::duration interval_;
  mutable std::mutex mtx_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::map<std::string, series> history_;
  std::thread thread_; // last: starts after everything it uses exists
};

} // namespace eddy
