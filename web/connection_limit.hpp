// Internal to web/: the cap on open connections (http.max.connections). A
// session, and the live session it may become, holds a slot for as long as
// its socket is open; the listener closes a connection over the cap at once
// instead of running out of file descriptors.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>

namespace eddy::web {

class connection_limit {
public:
  /// One open connection's share of the cap: given back when destroyed.
  class slot {
  public:
    slot() = default;
    explicit slot(std::shared_ptr<connection_limit> limit)
        : limit_(std::move(limit)) {}
    slot(slot&&) noexcept = default;
    slot& operator=(slot&& other) noexcept {
      release();
      limit_ = std::move(other.limit_);
      return *this;
    }
    ~slot() { release(); }

  private:
    void release() {
      if (limit_)
        limit_->open_.fetch_sub(1, std::memory_order_relaxed);
      limit_.reset();
    }

    std::shared_ptr<connection_limit> limit_;
  };

  explicit connection_limit(size_t max) : max_(max) {}

  /// A slot for a new connection, or nothing when `max` are open.
  static std::optional<slot> take(const std::shared_ptr<connection_limit>& l) {
    auto open = l->open_.fetch_add(1, std::memory_order_relaxed);
    if (open >= l->max_) {
      l->open_.fetch_sub(1, std::memory_order_relaxed);
      return std::nullopt;
    }
    return slot{l};
  }

  /// Whether a refusal now should be logged: once a second at most, so a
  /// flood does not flood the log as well.
  bool should_log_refusal() {
    auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    auto last = last_logged_.load(std::memory_order_relaxed);
    constexpr auto second =
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::seconds{1})
            .count();
    return now - last >= second &&
           last_logged_.compare_exchange_strong(last, now);
  }

  size_t max() const noexcept { return max_; }

private:
  size_t max_;
  std::atomic<size_t> open_{0};
  // The steady clock counts from boot, more than a second before any
  // refusal.
  std::atomic<std::chrono::steady_clock::rep> last_logged_{0};
};

} // namespace eddy::web
