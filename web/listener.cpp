// The accept loop of the HTTP server: one session per connection, each on
// its own strand.
#include "web/listener.hpp"

#include <chrono>
#include <utility>

#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>

#include "messages/error.hpp"
#include "messages/log.hpp"
#include "web/io_failure.hpp"

namespace eddy::web {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// After a failed accept (e.g. out of file descriptors) the listener waits
// this long before the next one, instead of spinning on the same error.
constexpr auto accept_retry_delay = std::chrono::milliseconds{100};

} // namespace

caf::expected<std::shared_ptr<listener>>
listener::make(net::io_context& ioc, const std::string& address, uint16_t port,
               session_settings settings) {
  beast::error_code ec;
  auto ip = net::ip::make_address(address, ec);
  if (ec)
    return make_error(ec::invalid_config,
                      "the HTTP address '" + address +
                          "' is not an IP address: " + ec.message());
  auto where =
      (ip.is_v6() ? "[" + address + "]" : address) + ":" + std::to_string(port);
  tcp::endpoint endpoint{ip, port};
  // On a strand of its own: close() comes from another thread.
  tcp::acceptor acceptor{net::make_strand(ioc)};
  auto fail = [&](const char* step) {
    return make_error(ec::connector_failure, "cannot listen on " + where +
                                                 " (" + step +
                                                 "): " + ec.message());
  };
  if (acceptor.open(endpoint.protocol(), ec); ec)
    return fail("open");
  // Lets a restarted server bind while old connections linger in
  // TIME_WAIT; on Linux it does not let two servers share a port.
  if (acceptor.set_option(net::socket_base::reuse_address(true), ec); ec)
    return fail("set_option");
  if (acceptor.bind(endpoint, ec); ec)
    return fail("bind");
  if (acceptor.listen(net::socket_base::max_listen_connections, ec); ec)
    return fail("listen");
  return std::shared_ptr<listener>{
      new listener(ioc, std::move(acceptor), std::move(settings))};
}

listener::listener(net::io_context& ioc, tcp::acceptor&& acceptor,
                   session_settings settings)
    : ioc_(ioc), acceptor_(std::move(acceptor)),
      retry_timer_(acceptor_.get_executor()), settings_(std::move(settings)) {}

void listener::run() {
  do_accept();
}

void listener::close() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    beast::error_code ignored; // closed either way
    self->acceptor_.close(ignored);
    self->retry_timer_.cancel();
  });
}

uint16_t listener::port() const {
  beast::error_code ec;
  auto endpoint = acceptor_.local_endpoint(ec);
  // A bound acceptor always has a local endpoint; 0 reports the impossible.
  return ec ? 0 : endpoint.port();
}

void listener::do_accept() {
  // Each connection gets its own strand, so that its handlers never run
  // concurrently even with several io threads.
  acceptor_.async_accept(
      net::make_strand(ioc_),
      beast::bind_front_handler(&listener::on_accept, shared_from_this()));
}

void listener::on_accept(beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted && !acceptor_.is_open())
    return; // closed: the server is shutting down
  if (ec) {
    log_io_failure("http", "accept", ec);
    retry_timer_.expires_after(accept_retry_delay);
    return retry_timer_.async_wait(
        beast::bind_front_handler(&listener::on_retry, shared_from_this()));
  }
  auto slot = connection_limit::take(settings_.connections);
  if (!slot) {
    refuse(socket);
    return do_accept();
  }
  std::make_shared<session>(std::move(socket), settings_, std::move(*slot))
      ->run();
  do_accept();
}

void listener::refuse(tcp::socket& socket) {
  auto& limit = *settings_.connections;
  if (limit.should_log_refusal())
    log::warn("", "http",
              "refusing connections: " + std::to_string(limit.max()) +
                  " are open, the most http.max.connections allows "
                  "(logged once a second at most)");
  beast::error_code ignored; // the connection is dropped either way
  socket.close(ignored);
}

void listener::on_retry(beast::error_code ec) {
  // A wait fails only when cancelled, which means the listener is going
  // away; accepting again would be wrong then.
  if (ec)
    return;
  do_accept();
}

} // namespace eddy::web
