// Implements the in-memory inventory for tests.
#include "tests/support/memory_inventory.hpp"

#include <utility>

#include <nlohmann/json.hpp>

namespace eddy::test {

memory_inventory::memory_inventory() : worker_([this] { work(); }) {}

memory_inventory::~memory_inventory() {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    is_stopping_ = true;
    is_paused_ = false;
  }
  wakeup_.notify_all();
  worker_.join();
}

void memory_inventory::set_stock(std::string item_id, int64_t quantity) {
  std::lock_guard<std::mutex> guard{mtx_};
  stock_[std::move(item_id)] = quantity;
}

void memory_inventory::set_jobs(std::vector<job_status> jobs) {
  std::lock_guard<std::mutex> guard{mtx_};
  jobs_ = std::move(jobs);
}

void memory_inventory::fail_with(ec code) {
  std::lock_guard<std::mutex> guard{mtx_};
  failure_ = code;
}

void memory_inventory::pause() {
  std::lock_guard<std::mutex> guard{mtx_};
  is_paused_ = true;
}

void memory_inventory::resume() {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    is_paused_ = false;
  }
  wakeup_.notify_all();
}

size_t memory_inventory::pending_calls() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return queue_.size();
}

caf::expected<item_info> memory_inventory::stock(std::string_view item_id) {
  std::lock_guard<std::mutex> guard{mtx_};
  if (failure_ != ec::none)
    return make_error(failure_, "injected by memory_inventory");
  auto i = stock_.find(std::string{item_id});
  if (i == stock_.end())
    return make_error(ec::unknown_key,
                      "item '" + std::string{item_id} + "' has no stock");
  return item_info{std::string{item_id}, i->second};
}

void memory_inventory::submit(item_transaction tx,
                              callback<transaction_result> done) {
  enqueue([this, tx = std::move(tx), done = std::move(done)] {
    auto result = [&]() -> caf::expected<transaction_result> {
      std::lock_guard<std::mutex> guard{mtx_};
      if (failure_ != ec::none)
        return make_error(failure_, "injected by memory_inventory");
      auto i = stock_.find(tx.item_id);
      auto current = i == stock_.end() ? int64_t{0} : i->second;
      auto is_applied = current + tx.quantity >= 0;
      if (is_applied)
        stock_[tx.item_id] = current + tx.quantity;
      return transaction_result{tx, is_applied};
    }();
    done(std::move(result));
  });
}

void memory_inventory::jobs(callback<std::vector<job_status>> done) {
  enqueue([this, done = std::move(done)] {
    auto result = [&]() -> caf::expected<std::vector<job_status>> {
      std::lock_guard<std::mutex> guard{mtx_};
      if (failure_ != ec::none)
        return make_error(failure_, "injected by memory_inventory");
      return jobs_;
    }();
    done(std::move(result));
  });
}

void memory_inventory::savepoint(std::string job, callback<std::string> done) {
  enqueue([this, job = std::move(job), done = std::move(done)] {
    auto result = [&]() -> caf::expected<std::string> {
      std::lock_guard<std::mutex> guard{mtx_};
      if (failure_ != ec::none)
        return make_error(failure_, "injected by memory_inventory");
      return "/savepoints/" + job + "-" + std::to_string(++savepoints_);
    }();
    done(std::move(result));
  });
}

void memory_inventory::inject_fault(fault_request fault,
                                    callback<std::string> done) {
  enqueue([this, fault = std::move(fault), done = std::move(done)] {
    auto result = [&]() -> caf::expected<std::string> {
      std::lock_guard<std::mutex> guard{mtx_};
      if (failure_ != ec::none)
        return make_error(failure_, "injected by memory_inventory");
      faults_.push_back(fault);
      return "fault " + std::to_string(faults_.size()) + " injected";
    }();
    done(std::move(result));
  });
}

caf::expected<nlohmann::json>
memory_inventory::state_of(std::string_view job, std::string_view key) {
  if (job != "inventory")
    return make_error(ec::unknown_job,
                      "there is no job '" + std::string{job} + "'");
  auto item = stock(key);
  if (!item)
    return item.error();
  return nlohmann::json{{"key", item->item_id}, {"value", item->quantity}};
}

std::vector<fault_request> memory_inventory::faults() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return faults_;
}

void memory_inventory::enqueue(std::function<void()> answer) {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    queue_.push_back(std::move(answer));
  }
  wakeup_.notify_all();
}

void memory_inventory::work() {
  std::unique_lock<std::mutex> lock{mtx_};
  for (;;) {
    wakeup_.wait(lock, [this] {
      return (!queue_.empty() && !is_paused_) ||
             (is_stopping_ && queue_.empty());
    });
    if (queue_.empty())
      return; // stopping, and every call has its answer
    auto answer = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    answer();
    lock.lock();
  }
}

} // namespace eddy::test
