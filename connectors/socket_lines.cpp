// The asio side of socket_lines: an async connect/read loop on one thread.
#include "connectors/socket_lines.hpp"

#include <istream>
#include <thread>

#include <boost/asio.hpp>

namespace eddy {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct socket_lines::impl {
  options opts;
  consumer on_lines;
  asio::io_context io;
  tcp::socket socket{io};
  asio::steady_timer retry{io};
  asio::streambuf buffer;
  std::atomic<bool> is_connected{false};
  bool reported_outage = false;
  std::thread thread;

  void connect() {
    boost::system::error_code err;
    auto address = asio::ip::make_address(opts.host, err);
    if (err) {
      tcp::resolver resolver{io};
      auto results =
          resolver.resolve(opts.host, std::to_string(opts.port), err);
      if (err || results.empty()) {
        on_failure("cannot resolve " + opts.host, err);
        return;
      }
      address = results.begin()->endpoint().address();
    }
    socket.async_connect(
        {address, opts.port}, [this](boost::system::error_code err) {
          if (err) {
            on_failure("cannot connect", err);
            return;
          }
          is_connected = true;
          reported_outage = false;
          opts.log_context.info("socket source connected to " + endpoint());
          read();
        });
  }

  std::string endpoint() const {
    return opts.host + ':' + std::to_string(opts.port);
  }

  void read() {
    asio::async_read_until(
        socket, buffer, '\n', [this](boost::system::error_code err, size_t) {
          // Deliver every complete line, even when the peer closed after it.
          std::vector<std::string> lines;
          std::istream in{&buffer};
          std::string line;
          while (buffer.size() > 0) {
            auto data = buffer.data();
            std::string_view view{asio::buffer_cast<const char*>(data),
                                  data.size()};
            auto newline = view.find('\n');
            if (newline == std::string_view::npos)
              break;
            std::getline(in, line);
            lines.push_back(std::move(line));
          }
          if (!lines.empty())
            on_lines(lines);
          if (err) {
            on_failure("connection lost", err);
            return;
          }
          read();
        });
  }

  void on_failure(const std::string& what, boost::system::error_code err) {
    is_connected = false;
    if (err == asio::error::operation_aborted)
      return;
    // Once per outage: a peer that stays away does not flood the log.
    if (!reported_outage)
      opts.log_context.warn("socket source " + endpoint() + ": " + what + " (" +
                            err.message() + "), retrying every " +
                            std::to_string(opts.retry_delay.count()) + " ms");
    reported_outage = true;
    boost::system::error_code ignored;
    socket.close(ignored);
    retry.expires_after(opts.retry_delay);
    retry.async_wait([this](boost::system::error_code err) {
      if (!err)
        connect();
    });
  }
};

socket_lines::socket_lines(options opts, consumer on_lines)
    : impl_(std::make_unique<impl>()) {
  impl_->opts = std::move(opts);
  impl_->on_lines = std::move(on_lines);
  impl_->connect();
  impl_->thread = std::thread{[this] { impl_->io.run(); }};
}

void socket_lines::stop() {
  if (!impl_->thread.joinable())
    return;
  impl_->io.stop();
  impl_->thread.join();
}

socket_lines::~socket_lines() {
  stop();
}

bool socket_lines::connected() const noexcept {
  return impl_->is_connected;
}

} // namespace eddy
