// Eddy's error codes, registered with CAF as the "eddy" error category.
#pragma once

#include <cstdint>
#include <string>

#include "caf/error.hpp"
#include "caf/make_message.hpp"

namespace eddy {

enum class ec : uint8_t {
  /// Not an error.
  none = 0,
  /// A record could not be decoded; the context names field and position.
  malformed_record,
  /// A key was never seen by the job (e.g. an item without stock).
  unknown_key,
  /// The state store failed to open, read or write.
  storage_failure,
  /// A configuration key is unknown or its value is invalid.
  invalid_config,
  /// A partition is down or restoring and cannot answer now.
  unavailable,
  /// A request took longer than its deadline.
  timeout,
  /// An input or output connector failed (socket, file, broker).
  connector_failure,
  /// A partition or window was crashed on purpose (fault injection).
  injected_fault,
  /// The job gave up after too many restarts.
  job_failed,
  /// No job of that name runs in this process.
  unknown_job,
  /// The state store cannot write now (its disk is full, or failing); it
  /// may recover, so what needs it waits instead of giving up.
  storage_unavailable,
  /// In a cluster, a Kafka record whose key belongs to another partition
  /// than the one it came on: its key's state lives with that partition.
  misrouted_record,
};

/// The name of an error code, e.g. "malformed_record".
std::string to_string(ec code);

/// Renders any error for people: "malformed_record: field 'quantity' ..."
/// for eddy errors, CAF's rendering for the others.
std::string describe(const caf::error& err);

/// Makes an eddy error whose context is one human-readable sentence.
caf::error make_error(ec code, std::string context);

/// The sentence an eddy error carries (what make_error was given), or
/// describe(err) for any other error, for wrapping it in another.
std::string context_of(const caf::error& err);

} // namespace eddy

CAF_ERROR_CODE_ENUM(eddy::ec, "eddy")
