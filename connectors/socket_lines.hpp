// Reads text lines from a TCP server (like Flink's socketTextStream, e.g.
// `nc -lk 9999`) on its own thread, reconnecting when the peer goes away.
// Asio stays inside socket_lines.cpp.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "messages/log.hpp"

namespace eddy {

class socket_lines {
public:
  /// Receives the complete lines read so far, on the reader thread; may
  /// block, which pauses reading (backpressure).
  using consumer = std::function<void(std::vector<std::string>&)>;

  struct options {
    std::string host = "127.0.0.1";
    uint16_t port = 9999;
    std::chrono::milliseconds retry_delay{1000};
    /// Whom its log lines name; the job layer sets the job and the source.
    log::context log_context{"", "source/socket"};
  };

  /// Starts the reader thread; it connects and keeps reconnecting until
  /// stopped, logging a failed connection once per outage.
  socket_lines(options opts, consumer on_lines);

  /// Stops and joins the reader thread. Idempotent.
  void stop();

  ~socket_lines();

  /// Whether the reader is connected now.
  bool connected() const noexcept;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace eddy
