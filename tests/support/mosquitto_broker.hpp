// A real mosquitto for integration tests: a free 127.0.0.1 port, persistence
// in a temporary directory (so a restart keeps sessions and queued QoS 1
// messages), the queue limits TOOLCHAIN.md says a fast subscriber needs.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "connectors/mqtt/mqtt_publisher.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace eddy::test {

class mosquitto_broker {
public:
  struct options {
    /// Log every packet (PUBLISH, PUBACK, ...) to the log file.
    bool is_logging_packets = false;
  };

  /// Starts `mosquitto -c FILE` in the foreground and waits until it
  /// accepts connections. Throws std::runtime_error with the broker's log
  /// if it does not within 10 s.
  explicit mosquitto_broker(options opts);
  mosquitto_broker() : mosquitto_broker(options{}) {}

  /// Stops the broker (see stop()).
  ~mosquitto_broker();

  mosquitto_broker(const mosquitto_broker&) = delete;
  mosquitto_broker& operator=(const mosquitto_broker&) = delete;

  /// "tcp://127.0.0.1:PORT", for MQTT clients.
  std::string uri() const;

  uint16_t port() const noexcept { return port_; }

  /// Stops the broker cleanly (it saves its persistence file) and starts it
  /// again on the same port and persistence. Throws like the constructor.
  /// Call it from a thread that outlives the broker (the test's own): the
  /// child gets SIGTERM when the thread that started it exits.
  void restart();

  /// Stops with SIGTERM (SIGKILL after 10 s). Idempotent.
  void stop();

  /// Everything the broker logged so far, all its runs.
  std::string log() const;

  /// A publisher connected to this broker as `client_id`. Throws
  /// std::runtime_error naming why if it cannot connect.
  mqtt_publisher connect_publisher(const std::string& client_id) const;

  /// Waits until the log contains `text`; false after `timeout`.
  bool wait_for_log(std::string_view text,
                    std::chrono::milliseconds timeout) const;

  /// The mosquitto program tests run (/usr/sbin is not always on PATH).
  static std::string program();

private:
  void start();

  options opts_;
  temp_dir dir_;
  uint16_t port_ = 0;
  std::unique_ptr<child_process> process_;
};

} // namespace eddy::test
