// The inventory job as the HTTP front sees it: asynchronous calls that
// answer through a callback. It keeps CAF actors out of web/ and Beast out of
// the engine; the job in apps/inventory implements it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "caf/expected.hpp"

#include "messages/inventory_records.hpp"
#include "messages/job_status.hpp"

namespace eddy {

/// Receives the outcome of an asynchronous call, on any thread, exactly once.
template <class T>
using callback = std::function<void(caf::expected<T>)>;

class inventory_service {
public:
  virtual ~inventory_service() = default;

  /// Reads the current stock of `item_id`. Fails with `ec::unknown_key` for
  /// an item the job never saw, `ec::unavailable` while its partition is
  /// restoring and `ec::timeout` when the partition does not answer in time.
  virtual void stock(std::string item_id, callback<item_info> done) = 0;

  /// Applies one transaction and answers once the result is persisted.
  /// Fails like `stock`.
  virtual void submit(item_transaction tx,
                      callback<transaction_result> done) = 0;

  /// Reports the state of every job in the process.
  virtual void jobs(callback<std::vector<job_status>> done) = 0;
};

} // namespace eddy
