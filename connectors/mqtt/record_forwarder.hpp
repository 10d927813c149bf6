// Hands the MQTT source's records to its ingress in batches, from a thread
// of its own. The MQTT client gives the next message only once the callback
// returned, so a callback that waited for the ingress's answer paid a
// wake-up of an actor and of the client's thread per message (~80 us: 12k
// msgs/s). The messages are in the source's log by then, so the callback
// only queues their records here and returns; this thread sends what
// gathered at once and waits for the answer (the ingress's backpressure),
// while the callback blocks only when too much waits.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "caf/actor_system.hpp"
#include "caf/scoped_actor.hpp"

#include "messages/actor_interfaces.hpp"
#include "messages/error.hpp"
#include "messages/log.hpp"

namespace eddy {

template <class In, class Out>
class record_forwarder {
public:
  /// Records that may wait before add() blocks.
  static constexpr size_t max_waiting = 4096;

  record_forwarder(caf::actor_system& sys, ingress_actor<In, Out> ingress,
                   source_partition from, log::context log_context)
      : sys_(sys), ingress_(std::move(ingress)), from_(std::move(from)),
        log_context_(std::move(log_context)), thread_([this] { run(); }) {}

  ~record_forwarder() { stop(); }

  record_forwarder(const record_forwarder&) = delete;
  record_forwarder& operator=(const record_forwarder&) = delete;

  /// Queues `records` (in offset order after those queued before); blocks
  /// while max_waiting records wait.
  void add(std::vector<sequenced<In>>& records) {
    std::unique_lock guard{mtx_};
    has_room_.wait(guard, [this] {
      return waiting_.size() < max_waiting || is_stopping_;
    });
    for (auto& rec : records)
      waiting_.push_back(std::move(rec));
    has_records_.notify_one();
  }

  /// Sends what waits and stops the thread. Idempotent.
  void stop() {
    {
      std::lock_guard guard{mtx_};
      is_stopping_ = true;
    }
    has_records_.notify_one();
    has_room_.notify_all();
    if (thread_.joinable())
      thread_.join();
  }

  /// Records the ingress took.
  uint64_t records() const noexcept { return records_; }

  /// Records the ingress refused (it was down): they stay in the log, and
  /// the next start feeds them again.
  uint64_t undelivered() const noexcept { return undelivered_; }

private:
  void run() {
    caf::scoped_actor self{sys_};
    for (;;) {
      batch<In> next{from_, {}, false};
      {
        std::unique_lock guard{mtx_};
        has_records_.wait(guard,
                          [this] { return !waiting_.empty() || is_stopping_; });
        if (waiting_.empty())
          return;
        next.records.swap(waiting_);
      }
      has_room_.notify_all();
      send(self, std::move(next));
    }
  }

  void send(caf::scoped_actor& self, batch<In> next) {
    auto count = next.records.size();
    self->request(ingress_, caf::infinite, std::move(next))
        .receive([this, count](const batch_ack<Out>&) { records_ += count; },
                 [this, count](caf::error& err) {
                   undelivered_ += count;
                   log_context_.error(
                       "the ingress refused " + std::to_string(count) +
                       " records (they stay in the source's log for the "
                       "next start): " +
                       describe(err));
                 });
  }

  caf::actor_system& sys_;
  ingress_actor<In, Out> ingress_;
  source_partition from_;
  log::context log_context_;
  std::mutex mtx_;
  std::condition_variable has_records_;
  std::condition_variable has_room_;
  std::vector<sequenced<In>> waiting_;
  bool is_stopping_ = false;
  std::atomic<uint64_t> records_{0};
  std::atomic<uint64_t> undelivered_{0};
  // Last: it starts running once the members above exist.
  std::thread thread_;
};

} // namespace eddy
