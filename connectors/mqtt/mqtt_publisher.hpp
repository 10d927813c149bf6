// Publishes messages with QoS 1 and keeps at it through broker restarts:
// used by the data generator and the tests. No CAF actors, no paho types.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "caf/error.hpp"
#include "caf/expected.hpp"

#include "connectors/mqtt/mqtt_connection.hpp"
#include "messages/log.hpp"

namespace eddy {

class mqtt_publisher {
public:
  /// Called on the MQTT callback thread once the broker acknowledged a
  /// message (its PUBACK); must not block.
  using acknowledgement_handler =
      std::function<void(std::string_view topic, std::string_view payload)>;

  struct options {
    std::string broker_uri = "tcp://127.0.0.1:1883";
    /// Names the client in the broker's log; unique per publisher. The
    /// session is clean: after a reconnect, what the broker had not
    /// acknowledged is handed over again by publish() or flush().
    std::string client_id;
    /// Messages awaiting their PUBACK at once: 100 gives ~2k msgs/s on the
    /// development machine, 10000 gives 13-16k (TOOLCHAIN.md).
    int max_inflight = 10000;
    /// Messages queued in the client beyond the in-flight window.
    int max_buffered = 10000;
    std::chrono::milliseconds min_retry{100};
    std::chrono::milliseconds max_retry{5000};
    /// How long publish() waits for the broker before it gives up.
    std::chrono::milliseconds max_block{60000};
    acknowledgement_handler on_acknowledged;
    /// Whom its log lines name.
    log::context log_context{"", "mqtt publisher"};
  };

  struct status {
    mqtt_connection_status connection;
    /// Messages publish() accepted.
    uint64_t published = 0;
    /// Messages the broker acknowledged.
    uint64_t acknowledged = 0;
    /// Messages handed to the client again after it gave up on them.
    uint64_t resent = 0;
  };

  /// Starts connecting in the background. Fails on invalid options
  /// (ec::invalid_config) or a URI the client library rejects
  /// (ec::connector_failure).
  [[nodiscard]] static caf::expected<mqtt_publisher> make(options opts);

  mqtt_publisher(mqtt_publisher&&) noexcept = default;
  // Assigning would free the old state while its connection still runs.
  mqtt_publisher& operator=(mqtt_publisher&&) = delete;

  /// Stops without waiting for outstanding acknowledgements (flush first).
  ~mqtt_publisher() = default;

  /// Hands one message to the client with QoS 1. Blocks while the client's
  /// buffer is full or the broker is away, retrying. Fails with ec::timeout
  /// after `max_block` without a broker, with ec::connector_failure on an
  /// invalid topic or once stopped.
  [[nodiscard]] caf::error publish(std::string_view topic,
                                   std::string_view payload);

  /// Waits until the broker acknowledged every message published so far,
  /// handing again to the client whatever it gave up on. Fails with
  /// ec::timeout, naming how many are still outstanding.
  [[nodiscard]] caf::error flush(std::chrono::milliseconds timeout);

  /// Disconnects; messages not yet acknowledged stay unacknowledged.
  /// Idempotent.
  void stop();

  [[nodiscard]] status current_status() const;

private:
  // Lives on the heap so that the callbacks' pointer survives moves.
  struct state {
    options opts;
    mutable std::mutex mtx;
    std::condition_variable cv;
    uint64_t published = 0;
    uint64_t acknowledged = 0;
    uint64_t resent = 0;
    /// Accepted by the client and neither acknowledged nor given up.
    uint64_t outstanding = 0;
    /// Given up by the client: topic and payload to hand over again.
    std::deque<std::pair<std::string, std::string>> to_resend;
  };

  mqtt_publisher(std::unique_ptr<state> st, mqtt_connection conn)
      : state_(std::move(st)), connection_(std::move(conn)) {}

  // Hands one message over, retrying until `deadline`.
  caf::error hand_over(std::string_view topic, std::string_view payload,
                       std::chrono::steady_clock::time_point deadline);

  // Hands over everything waiting to be resent.
  caf::error resend(std::chrono::steady_clock::time_point deadline);

  std::unique_ptr<state> state_;
  // Declared last so it is destroyed (stopped) before the state it calls.
  mqtt_connection connection_;
};

} // namespace eddy
