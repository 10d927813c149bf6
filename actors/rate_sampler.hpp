// Measures how fast counters grow: a thread samples running totals once an
// interval and answers, per actor, the rate of records over the last second
// and the last ten, and the share of the last second it was busy and
// backpressured. Rates need samples at steady times, not whenever someone
// asks.
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "messages/job_status.hpp"

namespace eddy {

class rate_sampler {
public:
  using clock = std::chrono::steady_clock;
  /// The running totals to sample, by actor; each only grows.
  using totals_function = std::function<std::vector<actor_totals_sample>()>;

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

  /// The rates of every actor sampled at least twice.
  std::vector<actor_rate> rates() const {
    std::lock_guard guard{mtx_};
    std::vector<actor_rate> result;
    for (auto& [name, samples] : history_)
      if (samples.size() >= 2) {
        auto second = std::chrono::seconds{1};
        result.push_back(
            {name, per_second(samples, second, &totals::records),
             per_second(samples, std::chrono::seconds{10}, &totals::records),
             percent_of_time(samples, &totals::busy_ns),
             percent_of_time(samples, &totals::backpressured_ns)});
      }
    return result;
  }

  /// Records `totals` as taken at `now` (the thread calls it; tests may).
  void sample(clock::time_point now,
              const std::vector<actor_totals_sample>& all) {
    std::lock_guard guard{mtx_};
    for (auto& actor : all) {
      auto& samples = history_[actor.actor];
      samples.push_back(
          {now, actor.records, actor.busy_ns, actor.backpressured_ns});
      // Ten seconds back, plus the sample just before them.
      while (samples.size() > 2 &&
             now - samples[1].at >= std::chrono::seconds{10})
        samples.pop_front();
    }
  }

private:
  struct totals {
    clock::time_point at;
    uint64_t records = 0;
    uint64_t busy_ns = 0;
    uint64_t backpressured_ns = 0;
  };
  using series = std::deque<totals>;
  using field = uint64_t totals::*;

  // The newest sample at least `window` older than the newest (or the
  // oldest there is).
  static const totals& start_of(const series& samples, clock::duration window) {
    auto now = samples.back().at;
    auto from = samples.begin();
    for (auto it = samples.begin(); it != samples.end(); ++it)
      if (now - it->at >= window)
        from = it;
    return *from;
  }

  // Growth of `what` per second over `window`.
  static double per_second(const series& samples, clock::duration window,
                           field what) {
    auto& latest = samples.back();
    auto& from = start_of(samples, window);
    auto seconds = std::chrono::duration<double>(latest.at - from.at).count();
    if (seconds <= 0 || latest.*what < from.*what)
      return 0;
    return static_cast<double>(latest.*what - from.*what) / seconds;
  }

  // Nanoseconds of `what` per nanosecond over the last second, in percent
  // (at most 100: a handler that began before the interval counts whole).
  static double percent_of_time(const series& samples, field what) {
    auto ns_per_second = per_second(samples, std::chrono::seconds{1}, what);
    return std::min(100.0, ns_per_second / 1e7);
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

/// `job` with `rates`: each actor's percentages and activity, and the list.
inline void add_rates(job_status& job, std::vector<actor_rate> rates) {
  std::map<std::string_view, const actor_rate*> by_actor;
  for (auto& rate : rates)
    by_actor.emplace(rate.actor, &rate);
  for_each_actor(job, [&](const std::string& name, uint64_t,
                          actor_report& load) {
    auto found = by_actor.find(name);
    if (found == by_actor.end())
      return;
    load.busy_percent = found->second->busy_percent;
    load.backpressured_percent = found->second->backpressured_percent;
    load.activity = activity_of(load.busy_percent, load.backpressured_percent);
  });
  job.rates = std::move(rates);
}

} // namespace eddy
