// A running job as the server and the HTTP front see it, whatever it
// computes: its report, its graph, checkpoints and savepoints, fault
// injection and reads of its keyed state. Every job of apps/ implements it
// (most through the pipeline builder); CAF and the engine stay out of here.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "caf/expected.hpp"

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

class job {
public:
  virtual ~job() = default;

  /// The name the job goes by in keys, URLs, metrics and logs.
  virtual const std::string& name() const = 0;

  /// The job's operators and how records flow between them.
  virtual job_graph graph() const = 0;

  /// The job's report now: its state, graph, every actor, its checkpoints
  /// and rates. Safe from any thread.
  virtual job_status status() const = 0;

  /// Takes a checkpoint now and answers it, completed or failed with the
  /// reason.
  virtual void checkpoint(callback<checkpoint_status> done) = 0;

  /// Writes a savepoint (a consistent copy of the state and the positions
  /// it covers) and answers its directory. Fails with ec::unavailable when
  /// no checkpoint can complete (e.g. a partition is restarting).
  virtual void savepoint(callback<std::string> done) = 0;

  /// Injects `fault` and answers what was done ("partition 3 crashed").
  /// Fails with ec::unknown_key for an unknown target.
  virtual void inject_fault(fault_request fault,
                            callback<std::string> done) = 0;

  /// The current keyed state of `key` as JSON, read on the calling thread
  /// (for a windowed job its open windows and their running aggregates).
  /// Fails with ec::unknown_key for a key the job never saw, ec::unavailable
  /// while its partition restarts and ec::timeout when the partition does
  /// not let it read in time.
  [[nodiscard]] virtual caf::expected<nlohmann::json>
  state_of(std::string_view key) = 0;

  /// Stops the sources, drains what they produced, takes a last checkpoint
  /// and stops every actor. Idempotent.
  virtual void stop() = 0;
};

} // namespace eddy
