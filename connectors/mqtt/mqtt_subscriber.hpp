// Receives the messages of one MQTT topic filter with QoS 1 in a persistent
// session, so what is published while we are away arrives when we are back.
// It speaks MQTT 3.1.1 over a socket of its own (mqtt_wire.hpp) rather than
// through paho, which spends 7.5 us of CPU per message it delivers (its own
// locks and copies; bench/RESULTS.md, "Machine data"), and acknowledges the
// messages of one read together. No CAF actors here: a transport, like
// socket_lines.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "caf/expected.hpp"

#include "connectors/mqtt/connection_report.hpp"
#include "messages/log.hpp"

namespace eddy {

class mqtt_subscriber {
public:
  /// Receives one message on the subscriber's own thread. The broker gets
  /// the QoS 1 acknowledgement only after this returns (together with those
  /// of the other messages of the same read): block until the message is
  /// safe. While it blocks nothing else is read; blocking for longer than
  /// 1.5 times the keep-alive makes the broker drop the connection (a
  /// reconnect and redeliveries, no loss).
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
    /// Retry delays: the first retry waits `min_retry`, each failure doubles
    /// it up to `max_retry`.
    std::chrono::milliseconds min_retry{100};
    std::chrono::milliseconds max_retry{5000};
    std::chrono::seconds keep_alive{20};
    std::chrono::seconds connect_timeout{5};
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
  /// reconnecting until stopped. Fails only on invalid options
  /// (ec::invalid_config: no client id or topic filter, a broker URI that is
  /// not tcp://host:port or mqtt://host:port, delays or timeouts that are
  /// not positive); an unreachable broker shows in current_status()
  /// instead.
  [[nodiscard]] static caf::expected<mqtt_subscriber> make(options opts,
                                                           consumer consume);

  mqtt_subscriber(mqtt_subscriber&&) noexcept;
  // Assigning would free the old state while its connection still runs.
  mqtt_subscriber& operator=(mqtt_subscriber&&) = delete;

  /// Stops (see stop()).
  ~mqtt_subscriber();

  /// Disconnects (acknowledging what the consumer took) and stops
  /// reconnecting; returns once the consumer is no longer running. The session
  /// stays on the broker, which queues what arrives meanwhile. Idempotent; must
  /// not be called from the consumer.
  void stop();

  /// Waits until the broker confirmed the subscription; false on timeout.
  [[nodiscard]] bool
  wait_until_subscribed(std::chrono::milliseconds timeout) const;

  [[nodiscard]] status current_status() const;

  const options& settings() const;

private:
  // On the heap: its thread keeps a pointer to it across moves.
  struct impl;
  explicit mqtt_subscriber(std::unique_ptr<impl> ptr);
  std::unique_ptr<impl> impl_;
};

} // namespace eddy
