// Receives the messages of one MQTT topic filter with QoS 1 in a persistent
// session, so what is published while we are away arrives when we are back.
// No CAF actors and no paho types here: a transport, like socket_lines.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "caf/expected.hpp"

#include "connectors/mqtt/mqtt_connection.hpp"
#include "messages/log.hpp"

namespace eddy {

class mqtt_subscriber {
public:
  /// Receives one message on the MQTT callback thread. The broker gets the
  /// QoS 1 acknowledgement only after this returns: block until the message
  /// is safe (taken by the ingress). While it blocks nothing else is read.
  using consumer =
      std::function<void(std::string_view topic, std::string_view payload)>;

  struct options {
    /// The broker, e.g. "tcp://127.0.0.1:1883".
    std::string broker_uri = "tcp://127.0.0.1:1883";
    /// Names the persistent session: keep it stable across restarts, and
    /// unique per subscriber (the broker drops the older of two clients with
    /// the same id).
    std::string client_id;
    /// The topic filter, e.g. "sensors/+/readings".
    std::string topic_filter;
    std::chrono::milliseconds min_retry{100};
    std::chrono::milliseconds max_retry{5000};
    /// Whom its log lines name; the job layer sets the job and the source.
    log::context log_context{"", "source/mqtt"};
  };

  struct status {
    mqtt_connection_status connection;
    /// Messages handed to the consumer (duplicates after a reconnect
    /// included: QoS 1 is at least once).
    uint64_t messages = 0;
  };

  /// Starts connecting and subscribing in the background; keeps
  /// reconnecting until stopped. Fails only on invalid options (no client
  /// id or topic filter: ec::invalid_config) or a URI the client library
  /// rejects (ec::connector_failure); an unreachable broker shows in
  /// current_status() instead.
  [[nodiscard]] static caf::expected<mqtt_subscriber> make(options opts,
                                                           consumer consume);

  mqtt_subscriber(mqtt_subscriber&&) noexcept = default;
  // Assigning would free the old state while its connection still runs.
  mqtt_subscriber& operator=(mqtt_subscriber&&) = delete;

  /// Stops (see stop()).
  ~mqtt_subscriber() = default;

  /// Disconnects and stops reconnecting; returns once the consumer is no
  /// longer running. The session stays on the broker, which queues what
  /// arrives meanwhile. Idempotent; must not be called from the consumer.
  void stop();

  /// Waits until the broker confirmed the subscription; false on timeout.
  [[nodiscard]] bool
  wait_until_subscribed(std::chrono::milliseconds timeout) const;

  [[nodiscard]] status current_status() const;

  const options& settings() const { return state_->opts; }

private:
  // Lives on the heap so that the callbacks' pointer survives moves.
  struct state {
    options opts;
    consumer consume;
    std::atomic<uint64_t> messages{0};
  };

  mqtt_subscriber(std::unique_ptr<state> st, mqtt_connection conn)
      : state_(std::move(st)), connection_(std::move(conn)) {}

  std::unique_ptr<state> state_;
  // Declared last so it is destroyed (stopped) before the state it calls.
  mqtt_connection connection_;
};

} // namespace eddy
