// How loaded one actor is, for the status report: the records it took in
// and passed on, the time it spent handling messages, the time it waited
// on its downstream, and its mailbox depth when it last looked. Written by
// the actor, read by anyone; it outlives the actor's incarnations, so the
// counts survive a restart.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "messages/job_status.hpp"

namespace eddy {

class actor_load {
public:
  using clock = std::chrono::steady_clock;

  std::atomic<uint64_t> records_in{0};
  std::atomic<uint64_t> records_out{0};

  /// Adds the time from its construction to its destruction to busy time:
  /// put one at the top of a handler that does the actor's work.
  class busy_scope {
  public:
    explicit busy_scope(actor_load& load) noexcept
        : load_(load), start_(clock::now()) {}
    ~busy_scope() { load_.add_busy(clock::now() - start_); }
    busy_scope(const busy_scope&) = delete;
    busy_scope& operator=(const busy_scope&) = delete;

  private:
    actor_load& load_;
    clock::time_point start_;
  };

  busy_scope busy() noexcept { return busy_scope{*this}; }

  void add_busy(clock::duration spent) noexcept {
    busy_ns_.fetch_add(static_cast<uint64_t>(nanoseconds(spent)),
                       std::memory_order_relaxed);
  }

  /// Whether the actor now waits on its downstream (holds back its
  /// acknowledgements, or cannot write): called whenever that may have
  /// changed; only changes count.
  void set_backpressured(bool now_waiting,
                         clock::time_point now = clock::now()) noexcept {
    auto since = backpressured_since_ns_.load(std::memory_order_relaxed);
    if (now_waiting && since == 0) {
      backpressured_since_ns_.store(nanoseconds(now.time_since_epoch()),
                                    std::memory_order_relaxed);
    } else if (!now_waiting && since != 0) {
      backpressured_ns_.fetch_add(
          static_cast<uint64_t>(nanoseconds(now.time_since_epoch()) - since),
          std::memory_order_relaxed);
      backpressured_since_ns_.store(0, std::memory_order_relaxed);
    }
  }

  /// Called by the actor from within a handler with
  /// `self->mailbox().queue().total_task_size()`: what it has taken from its
  /// inbox and not handled yet (only the actor may look at its own mailbox,
  /// and size() would take more from the inbox while the actor handles
  /// messages).
  void set_mailbox(size_t depth) noexcept {
    mailbox_.store(depth, std::memory_order_relaxed);
  }

  size_t mailbox() const noexcept {
    return mailbox_.load(std::memory_order_relaxed);
  }

  /// Time spent handling messages so far.
  uint64_t busy_ns() const noexcept {
    return busy_ns_.load(std::memory_order_relaxed);
  }

  /// Time spent waiting on the downstream so far, the current wait included.
  uint64_t backpressured_ns(clock::time_point now = clock::now()) const {
    auto total = backpressured_ns_.load(std::memory_order_relaxed);
    auto since = backpressured_since_ns_.load(std::memory_order_relaxed);
    if (since != 0) {
      auto current = nanoseconds(now.time_since_epoch()) - since;
      total += current > 0 ? static_cast<uint64_t>(current) : 0;
    }
    return total;
  }

  /// The running totals for a status report (the rate sampler fills in
  /// the percentages).
  actor_report report() const {
    actor_report result;
    result.records_in = records_in.load(std::memory_order_relaxed);
    result.records_out = records_out.load(std::memory_order_relaxed);
    result.mailbox = mailbox();
    result.busy_ns = busy_ns();
    result.backpressured_ns = backpressured_ns();
    return result;
  }

private:
  static int64_t nanoseconds(clock::duration d) noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
  }

  std::atomic<uint64_t> busy_ns_{0};
  std::atomic<uint64_t> backpressured_ns_{0};
  // steady clock in ns when the current wait began; 0 when not waiting
  // (the steady clock's epoch is boot, long past).
  std::atomic<int64_t> backpressured_since_ns_{0};
  std::atomic<size_t> mailbox_{0};
};

} // namespace eddy
