// What an MQTT client says about its connection: where it stands, its
// latest failure, and the log lines of an outage (its first failure only,
// then the reconnect that ends it). The publisher's paho client and the
// subscriber keep one each.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "caf/error.hpp"

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
  /// Whether the broker confirmed the subscription on this connection (of a
  /// subscriber; a publisher has none).
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

/// Not thread-safe: its owner calls it under its own lock.
class connection_report {
public:
  /// Its log lines start with name(); the retry delays are what they
  /// announce.
  connection_report(const std::string& broker_uri, const std::string& client_id,
                    log::context log_context,
                    std::chrono::milliseconds min_retry,
                    std::chrono::milliseconds max_retry);

  /// The client began connecting.
  void started();

  void connected();

  /// The broker answered the subscription: confirmed, or `refused` (not
  /// retried until the next connect: the broker would refuse it again).
  void subscribed(const caf::error& refused);

  /// An established connection was lost; logs the outage's first failure.
  void lost(std::string_view cause);

  /// A connect failed; logs the outage's first failure.
  void failed(std::string error);

  void stopped();

  /// How long the connection lost last had lasted (0 before a loss).
  std::chrono::steady_clock::duration connection_lasted() const {
    return lasted_;
  }

  const mqtt_connection_status& status() const { return status_; }

  /// "mqtt broker URI (client 'ID')", for messages.
  const std::string& name() const { return name_; }

private:
  void report_outage();

  std::string name_;
  log::context log_context_;
  std::chrono::milliseconds min_retry_;
  std::chrono::milliseconds max_retry_;
  mqtt_connection_status status_;
  bool is_outage_reported_ = false;
  std::chrono::steady_clock::time_point connected_since_;
  std::chrono::steady_clock::duration lasted_{};
};

} // namespace eddy
