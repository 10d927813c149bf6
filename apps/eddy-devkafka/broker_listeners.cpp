// Replaces bind() for the whole process (the executable's definition wins
// over libc's for librdkafka's calls): mock brokers get fixed ports and
// TCP_NODELAY.
#include "apps/eddy-devkafka/broker_listeners.hpp"

#include <atomic>
#include <cstring>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace {

// 0 while off; otherwise the port the next loopback listener gets.
std::atomic<uint32_t> next_port{0};

} // namespace

namespace eddy::devkafka {

void begin_fixed_ports(uint16_t first) {
  next_port = first;
}

void end_fixed_ports() {
  next_port = 0;
}

} // namespace eddy::devkafka

// librdkafka 2.0.2's mock broker (rd_kafka_mock_broker_listen) binds
// 127.0.0.1:0 and then advertises whatever getsockname() reports, so
// rewriting the port here makes both the listener and the advertised
// address use the fixed port. The process binds nothing else on loopback
// (its librdkafka handle never connects), so every such socket is a
// broker's listener.
extern "C" int bind(int fd, const struct sockaddr* addr,
                    socklen_t len) noexcept {
  sockaddr_in fixed;
  if (addr != nullptr && addr->sa_family == AF_INET) {
    int on = 1;
    // Fails harmlessly for a socket that is not TCP.
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
  }
  if (next_port != 0 && addr != nullptr && addr->sa_family == AF_INET &&
      len >= sizeof(sockaddr_in)) {
    std::memcpy(&fixed, addr, sizeof(fixed));
    if (fixed.sin_port == 0 &&
        fixed.sin_addr.s_addr == htonl(INADDR_LOOPBACK)) {
      fixed.sin_port = htons(static_cast<uint16_t>(next_port++));
      addr = reinterpret_cast<const sockaddr*>(&fixed);
      len = sizeof(fixed);
    }
  }
  return static_cast<int>(syscall(SYS_bind, fd, addr, len));
}
