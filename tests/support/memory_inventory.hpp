// An in-memory inventory for tests, both the jobs the HTTP front sees and
// the inventory service its routes call: a map of stock levels that applies
// the seed's rule; reads answer at once, the other calls on its own worker
// thread, like the real job answers from its actors.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "apps/inventory/inventory_service.hpp"
#include "messages/error.hpp"
#include "runtime/job_registry.hpp"

namespace eddy::test {

class memory_inventory : public job_registry, public inventory_service {
public:
  memory_inventory();

  /// Answers every call still queued, then joins the worker.
  ~memory_inventory() override;

  memory_inventory(const memory_inventory&) = delete;
  memory_inventory& operator=(const memory_inventory&) = delete;

  /// Sets the stock of `item_id`, creating the item.
  void set_stock(std::string item_id, int64_t quantity);

  /// Sets what jobs() reports.
  void set_jobs(std::vector<job_status> jobs);

  /// Makes every call answered from now on fail with `code` (e.g.
  /// ec::unavailable); ec::none makes them succeed again.
  void fail_with(ec code);

  /// Holds answers back until resume(); calls made meanwhile queue up.
  void pause();
  void resume();

  /// How many calls wait for their answer.
  size_t pending_calls() const;

  /// The stock of `item_id`, or ec::unknown_key if it has none.
  caf::expected<item_info> stock(std::string_view item_id) override;

  /// Applies `tx` iff stock + quantity >= 0 (an unknown item has stock 0);
  /// answers success false, and changes nothing, otherwise.
  void submit(item_transaction tx, callback<transaction_result> done) override;

  /// Answers what set_jobs() set.
  void jobs(callback<std::vector<job_status>> done) override;

  /// Answers "/savepoints/<job>-<n>", n counting from 1.
  void savepoint(std::string job, callback<std::string> done) override;

  /// Records the fault (see faults()) and answers a description.
  void inject_fault(fault_request fault, callback<std::string> done) override;

  /// Answers {"key":key,"value":stock} of an item's stock, failing like
  /// stock(); ec::unknown_job for a job other than "inventory".
  caf::expected<nlohmann::json> state_of(std::string_view job,
                                         std::string_view key) override;

  /// Every fault injected so far.
  std::vector<fault_request> faults() const;

private:
  /// Queues `answer` for the worker, which runs it without holding mtx_.
  void enqueue(std::function<void()> answer);
  void work();

  mutable std::mutex mtx_;
  std::condition_variable wakeup_;
  std::deque<std::function<void()>> queue_;
  bool is_paused_ = false;
  bool is_stopping_ = false;
  std::map<std::string, int64_t> stock_;
  std::vector<job_status> jobs_;
  std::vector<fault_request> faults_;
  int savepoints_ = 0;
  ec failure_ = ec::none;
  std::thread worker_; // last: starts once everything above exists
};

} // namespace eddy::test
