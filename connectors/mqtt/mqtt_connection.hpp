// One MQTT client that keeps itself connected: connects with backoff,
// reconnects after the broker goes away, renews its subscription on every
// connect and reports its state. Paho stays inside mqtt_connection.cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "caf/error.hpp"
#include "caf/expected.hpp"

#include "messages/log.hpp"

namespace eddy {

/// Where a connection stands.
enum class mqtt_connection_state : uint8_t {
  /// Trying to connect for the first time.
  connecting,
  /// Connected to the broker.
  connected,
  /// Lost the broker and trying again with backoff.
  reconnecting,
  /// Stopped on request; it will not connect again.
  stopped,
};

/// The name of a state, e.g. "reconnecting".
std::string_view to_string(mqtt_connection_state state);

/// A snapshot for status pages and logs.
struct mqtt_connection_status {
  mqtt_connection_state state = mqtt_connection_state::connecting;
  /// Whether the broker confirmed the subscription on this connection.
  bool is_subscribed = false;
  /// The latest connect, subscribe or connection failure; empty if none.
  std::string last_error;
  /// Successful connects, the first included.
  uint64_t connects = 0;
  /// Connections lost after they were established.
  uint64_t connection_losses = 0;
  /// When it entered `state` (made or started: connecting).
  std::chrono::steady_clock::time_point since =
      std::chrono::steady_clock::now();
};

class mqtt_connection {
public:
  struct options {
    /// The broker, e.g. "tcp://127.0.0.1:1883".
    std::string broker_uri;
    /// Identifies the session on the broker; must stay the same across
    /// restarts for a persistent session to resume.
    std::string client_id;
    /// Keep the session (subscriptions, queued QoS 1 messages, in-flight
    /// publishes) on the broker across disconnects.
    bool is_persistent_session = true;
    /// Subscribe to this filter with QoS 1 after every connect; none if
    /// empty.
    std::string topic_filter;
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
    /// A message arrived on the subscription. The broker gets the QoS 1
    /// acknowledgement only after this returns, so blocking here until the
    /// message is safe is what keeps it from being lost (and what slows the
    /// broker down: backpressure).
    std::function<void(std::string_view topic, std::string_view payload)>
        on_message;
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

  /// Waits until the subscription is confirmed (or, without a topic filter,
  /// until connected); false on timeout.
  [[nodiscard]] bool wait_until_ready(std::chrono::milliseconds timeout) const;

  [[nodiscard]] mqtt_connection_status status() const;

  const options& settings() const;

private:
  struct impl;
  explicit mqtt_connection(std::unique_ptr<impl> ptr);
  std::unique_ptr<impl> impl_;
};

} // namespace eddy
