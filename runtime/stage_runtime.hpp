// A running keyed stage as the job around it sees it, whatever its types:
// what pipeline_job asks of it. keyed_stage implements it.
#pragma once

#include <any>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "caf/expected.hpp"

#include "messages/job_status.hpp"
#include "messages/stream.hpp"
#include "runtime/job.hpp"
#include "runtime/ports.hpp"

namespace eddy {

class stage_runtime {
public:
  virtual ~stage_runtime() = default;

  /// The job's report without rates.
  virtual job_status status() const = 0;

  virtual job_graph graph() const = 0;

  /// The state of `key` as JSON: {"key", "value" (the process function's,
  /// if any), "windows" (the open ones, if the stage has windows)}.
  virtual caf::expected<nlohmann::json> state_of(std::string_view key) = 0;

  /// The process function's value of `key` in a std::any (of the value
  /// type), or an empty std::any if it has none; fails like state_of.
  virtual caf::expected<std::any> value_of(std::string_view key) = 0;

  virtual caf::expected<std::string>
  inject_fault(const fault_request& fault) = 0;

  virtual checkpoint_status checkpoint_now() = 0;

  virtual void savepoint(callback<std::string> done) = 0;

  /// The port of source `name` (request and manual sources), or null.
  virtual std::shared_ptr<port_base> port(const std::string& name) const = 0;

  /// Which partition owns `key`.
  virtual int32_t partition_of(std::string_view key) const = 0;

  /// What partition `p` applied, per input partition.
  virtual caf::expected<position_map> applied_positions(int32_t p) = 0;

  /// Stops sources, drains, checkpoints and stops every actor. Idempotent.
  virtual void stop() = 0;
};

} // namespace eddy
