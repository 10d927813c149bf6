// The publishing MQTT client that keeps itself connected: connects with
// backoff, reconnects after the broker goes away and reports its state.
// Paho stays inside mqtt_connection.cpp. (Subscribing is mqtt_subscriber's,
// which speaks MQTT itself.)
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "caf/error.hpp"
#include "caf/expected.hpp"

#include "connectors/mqtt/connection_report.hpp"
#include "messages/log.hpp"

namespace eddy {

class mqtt_connection {
public:
  struct options {
    /// The broker, e.g. "tcp://127.0.0.1:1883".
    std::string broker_uri;
    /// Identifies the client on the broker, which drops the older of two
    /// clients with the same id. The session is clean: see make().
    std::string client_id;
    /// Retry delays: the first retry waits `min_retry`, each failure doubles
    /// it up to `max_retry`; a successful connect resets it.
    std::chrono::milliseconds min_retry{100};
    std::chrono::milliseconds max_retry{5000};
    /// The broker drops a client silent for 1.5 times this. A message
    /// handler blocked that long (a stalled ingress) silences the client:
    /// it costs a reconnect and redeliveries, not messages.
    std::chrono::seconds keep_alive{20};
    std::chrono::seconds connect_timeout{5};
    /// Outbound QoS 1 messages awaiting the broker's PUBACK at once.
    int max_inflight = 10;
    /// Publishes queued inside the client beyond the in-flight window.
    int max_buffered = 100;
    /// Whom its log lines name (the source or sink that owns it).
    log::context log_context{"", "mqtt"};
  };

  /// Called on the client's callback thread, which is shared by every MQTT
  /// client of the process: while one blocks, no client reads anything.
  struct handlers {
    /// The broker acknowledged a published message.
    std::function<void(std::string_view topic, std::string_view payload)>
        on_delivered;
    /// The client gave up on a published message; publish it again.
    std::function<void(std::string_view topic, std::string_view payload,
                       const caf::error& reason)>
        on_delivery_failed;
  };

  /// What became of a message handed to try_publish.
  enum class handoff : uint8_t {
    /// The client took it; on_delivered or on_delivery_failed follows.
    accepted,
    /// The client's buffer is full: try again shortly.
    buffer_full,
    /// Not connected now: try again once reconnected.
    disconnected,
  };

  /// Creates the client without connecting. Fails on a broker URI or client
  /// id the client library rejects (ec::connector_failure, naming both).
  [[nodiscard]] static caf::expected<mqtt_connection> make(options opts,
                                                           handlers on);

  mqtt_connection(mqtt_connection&&) noexcept;
  mqtt_connection& operator=(mqtt_connection&&) noexcept;
  ~mqtt_connection();

  /// Starts connecting in the background; it keeps reconnecting until
  /// stopped, logging the first failure of each outage.
  void start();

  /// Disconnects and stops reconnecting; once it returns no handler runs
  /// any more. Idempotent; must not be called from a handler.
  void stop();

  /// Publishes with QoS 1. Fails (ec::connector_failure, naming broker and
  /// topic) on what retrying cannot fix, such as an invalid topic.
  [[nodiscard]] caf::expected<handoff> try_publish(std::string_view topic,
                                                   std::string_view payload);

  [[nodiscard]] mqtt_connection_status status() const;

  const options& settings() const;

private:
  struct impl;
  explicit mqtt_connection(std::unique_ptr<impl> ptr);
  std::unique_ptr<impl> impl_;
};

} // namespace eddy
