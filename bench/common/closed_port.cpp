// Holds a bound, never listening socket on 127.0.0.1.
#include "bench/common/closed_port.hpp"

#include <stdexcept>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace eddy::bench {

closed_port::closed_port() {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0)
    throw std::runtime_error("closed_port: cannot create a socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd_);
    throw std::runtime_error("closed_port: cannot bind 127.0.0.1");
  }
  port_ = ntohs(addr.sin_port);
}

closed_port::~closed_port() {
  ::close(fd_);
}

std::string closed_port::address() const {
  return "127.0.0.1:" + std::to_string(port_);
}

} // namespace eddy::bench
