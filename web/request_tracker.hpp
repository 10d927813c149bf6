// Internal to web/: the requests a server is answering, so that a shutdown
// can stop taking new ones and wait for these (shutdown.grace).
#pragma once

#include <atomic>
#include <cstddef>

namespace eddy::web {

class request_tracker {
public:
  /// A request was read; it counts until its answer is written (or its
  /// write failed).
  void begin() noexcept { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void end() noexcept { in_flight_.fetch_sub(1, std::memory_order_relaxed); }

  size_t in_flight() const noexcept {
    return in_flight_.load(std::memory_order_relaxed);
  }

  /// From now on every answer closes its connection: a client learns the
  /// server is going away instead of sending its next request into it.
  void start_draining() noexcept {
    draining_.store(true, std::memory_order_relaxed);
  }

  bool is_draining() const noexcept {
    return draining_.load(std::memory_order_relaxed);
  }

private:
  std::atomic<size_t> in_flight_{0};
  std::atomic<bool> draining_{false};
};

} // namespace eddy::web
