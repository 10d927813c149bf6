// Internal to connectors/kafka/*.cpp (it includes librdkafka): builds a
// librdkafka configuration from properties, routes the client's log lines
// to Eddy's logger and reports client errors once per kind.
#pragma once

#include <mutex>
#include <set>
#include <string>

#include <librdkafka/rdkafka.h>

#include "caf/expected.hpp"

#include "connectors/kafka/kafka_properties.hpp"
#include "messages/log.hpp"

namespace eddy::kafka_detail {

/// The part of a client's state that librdkafka's callbacks reach through
/// the client's opaque: the producer's and the consumer's states derive
/// from it (make_conf sets the opaque, state_of gets the state back).
struct logged_client {
  /// Whom the client's lines name; without an actor, the client itself.
  /// Fixed before the client exists: librdkafka's threads read it.
  log::context log_context;

  /// log_context, with the client's name as librdkafka gives it
  /// ("<client.id>#<type>-<n>") when it names no actor.
  log::context log_as(const rd_kafka_t* rk) const;
};

/// The state behind an opaque that make_conf set to `State`'s base.
template <class State>
State* state_of(void* opaque) {
  return static_cast<State*>(static_cast<logged_client*>(opaque));
}

/// Makes a configuration from `defaults` overridden by `properties`, whose
/// opaque is `client`, with a logger that writes through Eddy's logger as
/// `client` names it, leaves connection failures to the error callback
/// (which logs them once per kind) and drops chatter below warnings unless
/// the `debug` property is set (its lines are written at their own level:
/// librdkafka's debug lines need log.level=debug). Fails with
/// ec::invalid_config naming the property and librdkafka's reason; the
/// caller owns the result (rd_kafka_new takes it over).
[[nodiscard]] caf::expected<rd_kafka_conf_t*>
make_conf(const kafka_properties& defaults, const kafka_properties& properties,
          logged_client& client);

/// Logs each kind of client error once, so a broker that stays down does
/// not flood the log. Thread-safe.
class error_log {
public:
  /// `client` ("producer", "consumer") starts each line.
  explicit error_log(std::string client) : client_(std::move(client)) {}

  /// Logs `reason` at `at` as `where`, unless an error with the same code
  /// was logged since the last reset(); returns whether it logged.
  bool report(const log::context& where, rd_kafka_resp_err_t code,
              const std::string& reason, log::level at = log::level::warn);

  /// Logs every kind again (call when the client works again).
  void reset();

private:
  std::string client_;
  std::mutex mtx_;
  std::set<int> seen_;
};

} // namespace eddy::kafka_detail
