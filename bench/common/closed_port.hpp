// A 127.0.0.1 port where nothing answers, held: a socket bound to it that
// never listens, so connecting is refused and no other process can start
// listening there meanwhile. The tests use it too (tests/support).
#pragma once

#include <cstdint>
#include <string>

namespace eddy::bench {

class closed_port {
public:
  /// Binds a free port. Throws std::runtime_error if it cannot.
  closed_port();
  ~closed_port();

  closed_port(const closed_port&) = delete;
  closed_port& operator=(const closed_port&) = delete;

  uint16_t port() const noexcept { return port_; }

  /// "127.0.0.1:PORT".
  std::string address() const;

private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

} // namespace eddy::bench
