// A TCP connection a second thread can interrupt; see broker_socket.hpp.
#include "connectors/mqtt/broker_socket.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <system_error>

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "messages/error.hpp"

namespace eddy {

namespace {

using std::chrono::milliseconds;
using clock = std::chrono::steady_clock;

// Polls `fd` for `events` and `wake_fd` for being raised, retrying after
// signals until `deadline`.
caf::expected<broker_socket::readiness>
wait_for(int fd, short events, int wake_fd, clock::time_point deadline) {
  for (;;) {
    std::array<pollfd, 2> fds{{{fd, events, 0}, {wake_fd, POLLIN, 0}}};
    auto left = std::chrono::ceil<milliseconds>(deadline - clock::now());
    auto ready = ::poll(fds.data(), fds.size(),
                        static_cast<int>(std::max(left.count(), 0L)));
    if (ready < 0 && errno == EINTR)
      continue;
    if (ready < 0)
      return make_error(ec::connector_failure,
                        std::string{"poll failed: "} + std::strerror(errno));
    if (fds[1].revents != 0)
      return broker_socket::readiness::interrupted;
    if (fds[0].revents != 0)
      return broker_socket::readiness::readable;
    if (clock::now() >= deadline)
      return broker_socket::readiness::timed_out;
  }
}

struct address_list_deleter {
  void operator()(addrinfo* list) const { ::freeaddrinfo(list); }
};

} // namespace

wake_signal::wake_signal() : fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  if (fd_ < 0)
    throw std::system_error{errno, std::generic_category(),
                            "cannot create the MQTT subscriber's eventfd"};
}

wake_signal::~wake_signal() {
  ::close(fd_);
}

void wake_signal::raise() {
  uint64_t one = 1;
  // Only fails when the counter would overflow: it is raised already.
  [[maybe_unused]] auto written = ::write(fd_, &one, sizeof one);
}

caf::expected<broker_socket>
broker_socket::connect(const mqtt_wire::broker_address& to,
                       std::chrono::milliseconds timeout,
                       const wake_signal& wake) {
  auto peer = to.host + ":" + std::to_string(to.port);
  auto refuse = [&](std::string why) {
    return make_error(ec::connector_failure,
                      "cannot connect to " + peer + ": " + std::move(why));
  };
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  auto port = std::to_string(to.port);
  if (auto err = ::getaddrinfo(to.host.c_str(), port.c_str(), &hints, &found))
    return refuse(::gai_strerror(err));
  std::unique_ptr<addrinfo, address_list_deleter> addresses{found};
  auto deadline = clock::now() + timeout;
  std::string last_error = "no address";
  for (auto* at = found; at != nullptr; at = at->ai_next) {
    int fd =
        ::socket(at->ai_family, at->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                 at->ai_protocol);
    if (fd < 0) {
      last_error = std::strerror(errno);
      continue;
    }
    broker_socket result{fd, wake.fd(), peer};
    if (::connect(fd, at->ai_addr, at->ai_addrlen) != 0 &&
        errno != EINPROGRESS) {
      last_error = std::strerror(errno);
      continue;
    }
    auto ready = wait_for(fd, POLLOUT, wake.fd(), deadline);
    if (!ready)
      return refuse(describe(ready.error()));
    if (*ready == readiness::interrupted)
      return refuse("stopped while connecting");
    if (*ready == readiness::timed_out)
      return refuse("no answer within " + std::to_string(timeout.count()) +
                    " ms");
    int error_number = 0;
    socklen_t size = sizeof error_number;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error_number, &size);
    if (error_number != 0) {
      last_error = std::strerror(error_number);
      continue;
    }
    int on = 1;
    // The acknowledgements of one read go out at once: no need to wait.
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    return result;
  }
  return refuse(last_error);
}

broker_socket::broker_socket(broker_socket&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), wake_fd_(other.wake_fd_),
      peer_(std::move(other.peer_)) {}

broker_socket::~broker_socket() {
  if (fd_ >= 0)
    ::close(fd_);
}

caf::error broker_socket::failure(std::string_view what,
                                  int error_number) const {
  return make_error(ec::connector_failure, std::string{what} + " " + peer_ +
                                               ": " +
                                               std::strerror(error_number));
}

caf::expected<broker_socket::readiness>
broker_socket::wait_readable(std::chrono::milliseconds timeout) {
  return wait_for(fd_, POLLIN, wake_fd_, clock::now() + timeout);
}

caf::expected<size_t> broker_socket::read_some(char* into, size_t size) {
  for (;;) {
    auto got = ::read(fd_, into, size);
    if (got > 0)
      return static_cast<size_t>(got);
    if (got == 0)
      return make_error(ec::connector_failure,
                        "the broker " + peer_ + " closed the connection");
    if (errno == EINTR)
      continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK)
      return size_t{0};
    return failure("cannot read from", errno);
  }
}

caf::error broker_socket::write_all(std::string_view bytes) {
  while (!bytes.empty()) {
    auto sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent >= 0) {
      bytes.remove_prefix(static_cast<size_t>(sent));
      continue;
    }
    if (errno == EINTR)
      continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK)
      return failure("cannot write to", errno);
    auto ready = wait_for(fd_, POLLOUT, wake_fd_,
                          clock::now() + std::chrono::seconds{60});
    if (!ready)
      return std::move(ready.error());
    if (*ready == readiness::interrupted)
      return make_error(ec::connector_failure,
                        "stopped while writing to " + peer_);
    if (*ready == readiness::timed_out)
      return make_error(ec::connector_failure,
                        "the broker " + peer_ +
                            " took nothing we wrote for 60 s");
  }
  return caf::none;
}

} // namespace eddy
