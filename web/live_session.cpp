// One WS /v1/live client; see live_session.hpp.
#include "web/live_session.hpp"

#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/websocket/error.hpp>

#include "messages/log.hpp"
#include "web/io_failure.hpp"

namespace eddy::web {

namespace beast = boost::beast;
namespace net = boost::asio;
namespace websocket = beast::websocket;

namespace {

// The kernel's buffer for a live client: small, so a client that stops
// reading shows as a growing queue after ~64 KiB, not after megabytes.
constexpr int send_buffer_bytes = 64 * 1024;

} // namespace

live_session::live_session(beast::tcp_stream&& stream,
                           std::shared_ptr<live_feed> feed, std::string peer,
                           connection_limit::slot slot)
    : ws_(std::move(stream)), feed_(std::move(feed)), peer_(std::move(peer)),
      slot_(std::move(slot)) {}

void live_session::run(beast::http::request<beast::http::string_body> request) {
  // The websocket stream keeps its own timeouts; the HTTP idle timeout
  // would close a client that only listens.
  beast::get_lowest_layer(ws_).expires_never();
  ws_.set_option(
      websocket::stream_base::timeout::suggested(beast::role_type::server));
  beast::error_code ec;
  beast::get_lowest_layer(ws_).socket().set_option(
      net::socket_base::send_buffer_size(send_buffer_bytes), ec);
  if (ec)
    log_io_failure("live feed", "send buffer for " + peer_, ec);
  ws_.async_accept(request, beast::bind_front_handler(&live_session::on_accept,
                                                      shared_from_this()));
}

void live_session::send(live_message message) {
  net::post(ws_.get_executor(),
            [self = shared_from_this(), message = std::move(message)] {
              self->enqueue(message);
            });
}

void live_session::on_accept(beast::error_code ec) {
  if (ec)
    return log_io_failure("live feed", "upgrade from " + peer_, ec);
  ws_.text(true);
  feed_->subscribe(weak_from_this());
  do_read();
}

// Clients send nothing but control frames; reading answers pings and
// notices a close.
void live_session::do_read() {
  ws_.async_read(incoming_, beast::bind_front_handler(&live_session::on_read,
                                                      shared_from_this()));
}

void live_session::on_read(beast::error_code ec, size_t) {
  if (ec) {
    // A client that leaves, with or without a close frame, is no failure.
    auto left = ec == websocket::error::closed || ec == net::error::eof ||
                ec == net::error::connection_reset;
    if (!left && !is_dropped_)
      log_io_failure("live feed", "read from " + peer_, ec);
    is_dropped_ = true;
    return;
  }
  incoming_.consume(incoming_.size());
  do_read();
}

void live_session::enqueue(live_message message) {
  if (is_dropped_)
    return;
  if (queue_.size() > max_queued)
    return drop("it fell behind");
  queue_.push_back(std::move(message));
  if (queue_.size() == 1)
    do_write();
}

void live_session::do_write() {
  ws_.async_write(
      net::buffer(*queue_.front()),
      beast::bind_front_handler(&live_session::on_write, shared_from_this()));
}

void live_session::on_write(beast::error_code ec, size_t) {
  if (ec) {
    if (!is_dropped_)
      log_io_failure("live feed", "write to " + peer_, ec);
    is_dropped_ = true;
    return;
  }
  queue_.pop_front();
  if (!queue_.empty() && !is_dropped_)
    do_write();
}

void live_session::drop(const char* why) {
  // The queue stays: the write in flight still reads its front.
  is_dropped_ = true;
  log::warn("", "live feed", "dropped " + peer_ + ": " + why);
  // Closing the socket cancels the pending read and write; a close
  // handshake would wait on the very client that does not read.
  beast::error_code ec;
  beast::get_lowest_layer(ws_).socket().close(ec);
  if (ec)
    log_io_failure("live feed", "close " + peer_, ec);
}

} // namespace eddy::web
