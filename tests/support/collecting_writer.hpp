// The seed's CollectingSink: a record_writer whose records a test polls, in
// the order the job wrote them; and its transactional kind, whose records
// the test sees once a checkpoint committed them.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "actors/record_writer.hpp"

namespace eddy::test {

/// The records collected so far; shared between the writer inside the job
/// and the test.
template <class T>
class collected {
public:
  void push(const std::vector<T>& records) {
    std::lock_guard guard{mtx_};
    for (auto& rec : records)
      items_.push_back(rec);
    cv_.notify_all();
  }

  /// The oldest record not yet polled, waiting up to `timeout` for one.
  std::optional<T>
  poll(std::chrono::milliseconds timeout = std::chrono::seconds{10}) {
    std::unique_lock guard{mtx_};
    if (!cv_.wait_for(guard, timeout, [this] { return !items_.empty(); }))
      return std::nullopt;
    auto result = std::move(items_.front());
    items_.pop_front();
    return result;
  }

  /// Polls until `n` records arrived or `timeout` passed.
  std::vector<T>
  poll_many(size_t n,
            std::chrono::milliseconds timeout = std::chrono::seconds{30}) {
    std::vector<T> result;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (result.size() < n) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0)
        break;
      if (auto rec = poll(left))
        result.push_back(std::move(*rec));
    }
    return result;
  }

  bool empty() const {
    std::lock_guard guard{mtx_};
    return items_.empty();
  }

private:
  mutable std::mutex mtx_;
  std::condition_variable cv_;
  std::deque<T> items_;
};

template <class T>
class collecting_writer final : public record_writer<T> {
public:
  explicit collecting_writer(std::shared_ptr<collected<T>> into)
      : into_(std::move(into)) {}

  caf::expected<void> write(const std::vector<T>& records) override {
    into_->push(records);
    return caf::unit;
  }

  caf::expected<void> flush() override { return caf::unit; }

private:
  std::shared_ptr<collected<T>> into_;
};

/// Transactional: a checkpoint's records reach `into` at its commit, and an
/// abort discards them, as a Kafka transaction's reader sees them.
template <class T>
class committing_writer final : public record_writer<T> {
public:
  explicit committing_writer(std::shared_ptr<collected<T>> into)
      : into_(std::move(into)) {}

  caf::expected<void> write(const std::vector<T>& records) override {
    open_.insert(open_.end(), records.begin(), records.end());
    return caf::unit;
  }

  caf::expected<void> flush() override { return caf::unit; }

  bool transactional() const override { return true; }

  caf::expected<void> commit() override {
    into_->push(open_);
    open_.clear();
    return caf::unit;
  }

  caf::expected<void> abort() override {
    open_.clear();
    return caf::unit;
  }

private:
  std::shared_ptr<collected<T>> into_;
  std::vector<T> open_;
};

} // namespace eddy::test
