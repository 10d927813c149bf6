// The inventory job as its HTTP routes see it: stock reads on the caller's
// thread and transactions answered through a callback. It keeps CAF out of
// the routes; inventory_job implements it, and tests fake it.
#pragma once

#include <string_view>

#include "caf/expected.hpp"

#include "messages/inventory_records.hpp"
#include "runtime/job.hpp"

namespace eddy {

class inventory_service {
public:
  virtual ~inventory_service() = default;

  /// Reads the current stock of `item_id` on the calling thread, waiting at
  /// most for the batch its partition is applying (reads are the hot path:
  /// a hop to another thread and back cost more than the lookup). Fails
  /// with `ec::unknown_key` for an item the job never saw, `ec::unavailable`
  /// while its partition is restoring and `ec::timeout` when the partition
  /// does not let it read in time.
  [[nodiscard]] virtual caf::expected<item_info>
  stock(std::string_view item_id) = 0;

  /// Applies one transaction and answers once the result is persisted.
  /// Fails like `stock`.
  virtual void submit(item_transaction tx,
                      callback<transaction_result> done) = 0;
};

} // namespace eddy
