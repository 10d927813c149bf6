// The inventory job as the HTTP front sees it: asynchronous calls that
// answer through a callback. It keeps CAF actors out of web/ and Beast out of
// the engine; the job in apps/inventory implements it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "caf/expected.hpp"

#include "messages/inventory_records.hpp"
#include "messages/job_status.hpp"

namespace eddy {

/// Receives the outcome of an asynchronous call, on any thread, exactly once.
template <class T>
using callback = std::function<void(caf::expected<T>)>;

/// A fault to inject into a running job (tests and demos).
struct fault_request {
  enum class kind { crash_partition, crash_window, stall_sink };
  std::string job;
  kind what = kind::crash_partition;
  /// The partition or window number, or the sink's index in the job status.
  int32_t target = 0;
  /// stall_sink: how long the sink stops writing.
  std::chrono::milliseconds duration{0};
};

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

  /// Reports the state of every job in the process.
  virtual void jobs(callback<std::vector<job_status>> done) = 0;

  /// Writes a savepoint of `job` (a consistent copy of its state and the
  /// positions it covers) and answers its directory. Fails with
  /// ec::unknown_key for an unknown job and ec::unavailable when no
  /// checkpoint can complete (e.g. a partition is restarting).
  virtual void savepoint(std::string job, callback<std::string> done) = 0;

  /// Injects `fault` and answers what was done ("partition 3 crashed").
  /// Fails with ec::unknown_key for an unknown job or target.
  virtual void inject_fault(fault_request fault,
                            callback<std::string> done) = 0;
};

} // namespace eddy
