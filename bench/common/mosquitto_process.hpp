// A mosquitto broker of our own (/usr/sbin/mosquitto) on a free 127.0.0.1
// port, its persistence and log under a directory, with the queue limits
// TOOLCHAIN.md says a fast QoS 1 subscriber needs; stopped by its PID.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace eddy::bench {

class mosquitto_process {
public:
  /// Writes the configuration into `dir` (which must exist and outlive the
  /// broker), starts `mosquitto -c FILE` and waits until it accepts
  /// connections. Throws bench_failure with the broker's log if it does
  /// not within 10 s, after trying three ports.
  explicit mosquitto_process(std::string dir);

  /// Stops the broker: SIGTERM, SIGKILL after 10 s.
  ~mosquitto_process();

  mosquitto_process(const mosquitto_process&) = delete;
  mosquitto_process& operator=(const mosquitto_process&) = delete;

  /// "tcp://127.0.0.1:PORT", for paho clients.
  std::string uri() const;

  uint16_t port() const noexcept { return port_; }

  /// The broker's process, for its CPU time.
  pid_t pid() const noexcept { return pid_; }

  /// What the broker logged so far.
  std::string log() const;

private:
  bool start();

  std::string dir_;
  uint16_t port_ = 0;
  pid_t pid_ = -1;
};

} // namespace eddy::bench
