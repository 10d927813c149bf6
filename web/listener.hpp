// Accepts TCP connections on the server's address and starts a session for
// each.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>

#include "caf/expected.hpp"

#include "web/session.hpp"

namespace eddy::web {

class listener : public std::enable_shared_from_this<listener> {
public:
  /// Binds `address`:`port` (port 0: any free port) and listens. Fails with
  /// ec::invalid_config if `address` is no IP address and with
  /// ec::connector_failure naming address:port and the reason (e.g.
  /// "Address already in use") if the socket cannot listen there.
  [[nodiscard]] static caf::expected<std::shared_ptr<listener>>
  make(boost::asio::io_context& ioc, const std::string& address, uint16_t port,
       session_settings settings);

  /// Starts accepting. Pending accepts keep the listener alive until the
  /// io_context stops and is destroyed.
  void run();

  /// Stops accepting: closes the listening socket, so that new
  /// connections are refused. Thread-safe.
  void close();

  /// The port the socket is bound to, e.g. the one the OS picked for 0.
  uint16_t port() const;

private:
  listener(boost::asio::io_context& ioc,
           boost::asio::ip::tcp::acceptor&& acceptor,
           session_settings settings);

  void do_accept();
  void on_accept(boost::beast::error_code ec,
                 boost::asio::ip::tcp::socket socket);
  void on_retry(boost::beast::error_code ec);
  // Closes a connection over http.max.connections at once.
  void refuse(boost::asio::ip::tcp::socket& socket);

  boost::asio::io_context& ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;
  session_settings settings_;
};

} // namespace eddy::web
