// Internal to connectors/kafka/*.cpp (it includes librdkafka): builds a
// librdkafka configuration from properties and reports client errors once
// per kind.
#pragma once

#include <mutex>
#include <set>
#include <string>

#include <librdkafka/rdkafka.h>

#include "caf/expected.hpp"

#include "connectors/kafka/kafka_properties.hpp"

namespace eddy::kafka_detail {

/// Makes a configuration from `defaults` overridden by `properties`, with a
/// logger that leaves connection failures to the error callback (which
/// logs them once per kind) and drops chatter below warnings unless `debug`
/// is set. Fails with ec::invalid_config naming the property and
/// librdkafka's reason; the caller owns the result (rd_kafka_new takes it
/// over).
[[nodiscard]] caf::expected<rd_kafka_conf_t*>
make_conf(const kafka_properties& defaults, const kafka_properties& properties);

/// Writes each kind of client error to stderr once, so a broker that stays
/// down does not flood the log. Thread-safe.
class error_log {
public:
  explicit error_log(std::string client) : client_(std::move(client)) {}

  /// Logs `reason` unless an error with the same code was logged since the
  /// last reset(); returns whether it logged.
  bool report(rd_kafka_resp_err_t code, const std::string& reason);

  /// Logs every kind again (call when the client works again).
  void reset();

private:
  std::string client_;
  std::mutex mtx_;
  std::set<int> seen_;
};

} // namespace eddy::kafka_detail
