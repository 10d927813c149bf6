// The MQTT subscriber's TCP connection to its broker: blocking reads and
// writes on one thread that another thread can interrupt (stop()) through a
// wake signal, and timeouts on connecting and waiting.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "caf/error.hpp"
#include "caf/expected.hpp"

#include "connectors/mqtt/mqtt_wire.hpp"

namespace eddy {

/// An eventfd: once raised, every wait on a socket given it returns
/// `interrupted` until it is lowered.
class wake_signal {
public:
  /// Throws std::system_error when the process has no file descriptors left.
  wake_signal();
  ~wake_signal();
  wake_signal(const wake_signal&) = delete;
  wake_signal& operator=(const wake_signal&) = delete;

  void raise();
  int fd() const { return fd_; }

private:
  int fd_;
};

class broker_socket {
public:
  enum class readiness { readable, timed_out, interrupted };

  /// Connects within `timeout` to the first address of `to` that answers.
  /// Fails (ec::connector_failure, naming host and port) when none does in
  /// time or `wake` is raised meanwhile.
  [[nodiscard]] static caf::expected<broker_socket>
  connect(const mqtt_wire::broker_address& to,
          std::chrono::milliseconds timeout, const wake_signal& wake);

  broker_socket(broker_socket&& other) noexcept;
  broker_socket& operator=(broker_socket&&) = delete;
  ~broker_socket();

  /// Waits until bytes arrive, `timeout` passes or the wake signal rises.
  [[nodiscard]] caf::expected<readiness>
  wait_readable(std::chrono::milliseconds timeout);

  /// Reads what has arrived, up to `size` bytes: 0 if nothing has. Fails
  /// (ec::connector_failure) once the broker closed the connection.
  [[nodiscard]] caf::expected<size_t> read_some(char* into, size_t size);

  /// Writes all of `bytes`, waiting while the socket's buffer is full.
  [[nodiscard]] caf::error write_all(std::string_view bytes);

private:
  broker_socket(int fd, int wake_fd, std::string peer)
      : fd_(fd), wake_fd_(wake_fd), peer_(std::move(peer)) {}

  caf::error failure(std::string_view what, int error_number) const;

  int fd_;
  int wake_fd_;
  std::string peer_; // "host:port" for messages
};

} // namespace eddy
