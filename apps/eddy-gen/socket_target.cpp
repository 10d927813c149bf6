// The socket target of eddy-gen: listens on 127.0.0.1 and writes every line
// to each connected client, as `nc -lk PORT` fed from a pipe would. Lines
// are gathered and sent a few milliseconds' worth at a time, so that a
// million records a second cost a few hundred writes, not a million.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <iostream>
#include <vector>

#include "apps/eddy-gen/record_target.hpp"
#include "messages/error.hpp"

namespace eddy::gen {

namespace {

using clock = std::chrono::steady_clock;

// Lines wait at most this long for more before they are sent...
constexpr auto send_interval = std::chrono::milliseconds{5};

// ...or until this many bytes have gathered.
constexpr size_t send_threshold = size_t{64} << 10;

std::string errno_text() {
  return std::strerror(errno);
}

// Sends all of `bytes`; false once the client is gone.
bool send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    auto sent = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR)
      continue;
    if (sent <= 0)
      return false;
    bytes.remove_prefix(static_cast<size_t>(sent));
  }
  return true;
}

class socket_writer final : public record_target {
public:
  socket_writer(int listener, uint16_t port, record_format format)
      : listener_(listener), port_(port), format_(format) {}

  socket_writer(const socket_writer&) = delete;
  socket_writer& operator=(const socket_writer&) = delete;

  ~socket_writer() override {
    for (auto fd : clients_)
      ::close(fd);
    ::close(listener_);
  }

  caf::error write(const item_transaction& tx) override {
    format_record(format_, tx, line_);
    return queue(line_);
  }

  caf::error write(const query& q) override {
    format_record(format_, q, line_);
    return queue(line_);
  }

  caf::error write_record(std::string_view, std::string_view payload) override {
    return queue(payload);
  }

  caf::error flush() override {
    return pending_.empty() ? caf::error{} : send_pending();
  }

private:
  caf::error queue(std::string_view line) {
    pending_.append(line);
    pending_ += '\n';
    if (pending_.size() >= send_threshold ||
        clock::now() - last_send_ >= send_interval)
      return send_pending();
    return {};
  }

  // Sends what is pending to every client, waiting for one if there is
  // none (or every one left meanwhile).
  caf::error send_pending() {
    if (auto err = accept_clients(0))
      return err;
    for (;;) {
      while (clients_.empty())
        if (auto err = wait_for_client())
          return err;
      std::erase_if(clients_, [this](int fd) {
        if (send_all(fd, pending_))
          return false;
        ::close(fd);
        return true;
      });
      if (!clients_.empty())
        break;
    }
    pending_.clear();
    last_send_ = clock::now();
    return {};
  }

  caf::error wait_for_client() {
    std::cerr << "eddy-gen: waiting for a client on 127.0.0.1:" << port_
              << "\n";
    return accept_clients(-1);
  }

  // Accepts every client waiting, after waiting `timeout_ms` (-1: until one
  // comes) for the first.
  caf::error accept_clients(int timeout_ms) {
    for (;;) {
      pollfd listening{listener_, POLLIN, 0};
      auto ready = ::poll(&listening, 1, timeout_ms);
      if (ready < 0 && errno == EINTR)
        continue;
      if (ready < 0)
        return failure("poll");
      if (ready == 0)
        return {};
      auto fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0 && errno != EINTR && errno != ECONNABORTED)
        return failure("accept on");
      if (fd >= 0)
        clients_.push_back(fd);
      timeout_ms = 0;
    }
  }

  caf::error failure(const char* what) const {
    return make_error(ec::connector_failure,
                      std::string{"cannot "} + what + " 127.0.0.1:" +
                          std::to_string(port_) + ": " + errno_text());
  }

  int listener_;
  uint16_t port_;
  record_format format_;
  std::vector<int> clients_;
  std::string line_;
  std::string pending_;
  clock::time_point last_send_;
};

} // namespace

caf::expected<std::unique_ptr<record_target>>
socket_target(uint16_t port, record_format format) {
  auto failure = [port](const char* what) {
    return make_error(ec::connector_failure,
                      std::string{"--socket: cannot "} + what + " 127.0.0.1:" +
                          std::to_string(port) + ": " + errno_text());
  };
  auto fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return failure("open a socket for");
  // SO_REUSEADDR: a restarted eddy-gen need not wait out TIME_WAIT.
  int yes = 1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes) != 0 ||
      ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(fd, SOMAXCONN) != 0) {
    auto err = failure("listen on");
    ::close(fd);
    return err;
  }
  return std::unique_ptr<record_target>{
      std::make_unique<socket_writer>(fd, port, format)};
}

} // namespace eddy::gen
