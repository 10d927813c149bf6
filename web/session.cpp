// Serves one HTTP/1.1 connection: read, route, write, repeat; each async
// step is a do_x / on_x pair, and each I/O failure is logged once, here.
#include "web/session.hpp"

#include <array>
#include <utility>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "web/io_failure.hpp"
#include "web/json_error.hpp"
#include "web/live_session.hpp"
#include "web/pending_replies.hpp"
#include "web/reply_handoff.hpp"
#include "web/request_parser.hpp"
#include "web/request_target.hpp"
#include "web/response_head.hpp"
#include "web/routes.hpp"

namespace eddy::web {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace websocket = beast::websocket;

namespace {

// After rejecting an oversized request the client may still be sending its
// body. Closing with unread input makes the kernel send a reset, which can
// destroy the 413 before the client reads it; so the session reads and drops
// input for a while first, within these bounds.
constexpr auto drain_timeout = std::chrono::seconds{2};
constexpr size_t max_drained_bytes = 1024 * 1024;
constexpr size_t drain_chunk = 16 * 1024;

std::string to_string(const net::ip::tcp::endpoint& endpoint) {
  auto address = endpoint.address().to_string();
  if (endpoint.address().is_v6())
    address = "[" + address + "]";
  return address + ":" + std::to_string(endpoint.port());
}

} // namespace

session::session(net::ip::tcp::socket&& socket, session_settings settings,
                 connection_limit::slot slot)
    : stream_(std::move(socket)), settings_(std::move(settings)),
      slot_(std::move(slot)) {
  beast::error_code ec;
  auto endpoint = stream_.socket().remote_endpoint(ec);
  // A peer that is already gone fails its first read; that read logs it.
  peer_ = ec ? std::string{"unknown peer"} : to_string(endpoint);
}

session::~session() {
  end_request();
}

void session::run() {
  // The socket was accepted on a strand; start there so that all member
  // access is serialized.
  net::dispatch(
      stream_.get_executor(),
      beast::bind_front_handler(&session::do_read, shared_from_this()));
}

net::any_io_executor session::get_executor() {
  return stream_.get_executor();
}

void session::do_read() {
  // A fresh parser per request: parsers are single-use.
  parser_.emplace();
  limit(*parser_, settings_.header_limit, settings_.body_limit);
  stream_.expires_after(settings_.idle_timeout);
  http::async_read_header(
      stream_, buffer_, *parser_,
      beast::bind_front_handler(&session::on_read_header, shared_from_this()));
}

void session::on_read_header(beast::error_code ec, size_t) {
  if (ec)
    return on_read_failure(ec);
  // curl and others send "Expect: 100-continue" with larger bodies and
  // wait a second for the go-ahead before sending them.
  if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
    continue_ = {http::status::continue_, parser_->get().version()};
    stream_.expires_after(settings_.idle_timeout);
    return http::async_write(
        stream_, continue_,
        beast::bind_front_handler(&session::on_continue_sent,
                                  shared_from_this()));
  }
  // Most requests (every GET) have no body: reading it would cost another
  // trip through the strand for nothing.
  if (parser_->is_done())
    return handle();
  do_read_body();
}

void session::on_continue_sent(beast::error_code ec, size_t) {
  if (ec)
    return log_io_failure("http", "write to " + peer_, ec);
  do_read_body();
}

void session::do_read_body() {
  stream_.expires_after(settings_.idle_timeout);
  http::async_read(
      stream_, buffer_, *parser_,
      beast::bind_front_handler(&session::on_read, shared_from_this()));
}

void session::on_read(beast::error_code ec, size_t) {
  if (ec)
    return on_read_failure(ec);
  handle();
}

void session::on_read_failure(beast::error_code ec) {
  // The client closed the connection between requests: the normal end.
  if (ec == http::error::end_of_stream)
    return do_close();
  // The idle timeout closed the socket already. Idle clients are normal,
  // so this is no failure worth a log line.
  if (ec == beast::error::timeout)
    return;
  if (ec == http::error::body_limit)
    return reject_oversized();
  if (ec == http::error::header_limit)
    return reject_header_too_large();
  // Malformed HTTP or a broken connection: nothing sensible to answer.
  log_io_failure("http", "read from " + peer_, ec);
  do_close();
}

// Pages of other origins may not write nor follow the feed; a body must be
// JSON. Answers a CORS preflight as well.
std::optional<response> session::refuse_by_origin() {
  auto& head = parser_->get();
  auto origin = head[http::field::origin];
  origin_.assign(origin.data(), origin.size());
  return screen(*settings_.origins, head);
}

void session::handle() {
  auto& head = parser_->get();
  version_ = head.version();
  keep_alive_ = head.keep_alive();
  settings_.requests->begin();
  is_counted_ = true;
  head_only_ = false;
  if (auto refused = refuse_by_origin())
    return do_write(std::move(*refused));
  // The path first: a header search on every item read would cost more.
  auto target = std::string_view{head.target().data(), head.target().size()};
  if (split_target(target).path == live_path && websocket::is_upgrade(head)) {
    end_request(); // a feed is no request to wait for
    return std::make_shared<live_session>(std::move(stream_), settings_.live,
                                          peer_, std::move(slot_))
        ->run(parser_->release());
  }
  auto req = to_request(parser_->release());
  // HEAD is GET without the body (RFC 9110 section 9.3.2).
  head_only_ = req.method == "HEAD";
  if (head_only_)
    req.method = "GET";
  // Most answers are ready at once: only a route that answers later gets a
  // handoff (an allocation and two locks a request otherwise).
  std::shared_ptr<reply_handoff> handoff;
  route_context ctx{*settings_.jobs, *settings_.job_routes, *settings_.admin,
                    *settings_.site, settings_.forward_keys.get()};
  auto ready = handle_request(req, ctx, [this, &handoff] {
    handoff = std::make_shared<reply_handoff>();
    return response_handler{
        [handoff, pending = settings_.pending, key = this](response res) {
          if (auto late = handoff->offer(std::move(res)))
            pending->deliver(key, std::move(*late));
        }};
  });
  if (ready)
    return do_write(std::move(*ready));
  auto early = handoff->take_or_detach([this] {
    // Fails once the server is stopping: the answer is then dropped, which
    // closes the connection.
    static_cast<void>(settings_.pending->hold(shared_from_this()));
  });
  if (early)
    do_write(std::move(*early));
}

void session::reject_oversized() {
  version_ = parser_->get().version();
  origin_.clear();
  head_only_ = false;
  keep_alive_ = false;
  is_draining_ = true;
  do_write(json_error(413, "payload_too_large",
                      "the request body exceeds the limit of " +
                          std::to_string(settings_.body_limit) + " bytes"));
}

void session::reject_header_too_large() {
  // Beast has not parsed the head: answer as HTTP/1.1 and close.
  keep_alive_ = false;
  origin_.clear();
  is_draining_ = true;
  head_only_ = false;
  do_write(json_error(431, "request_header_fields_too_large",
                      "the request line and header fields exceed the limit "
                      "of " +
                          std::to_string(settings_.header_limit) + " bytes"));
}

void session::on_handled(response res) {
  do_write(std::move(res));
}

void session::do_write(response res) {
  if (!origin_.empty())
    settings_.origins->add_cors_headers(origin_, res);
  // Shutting down: the client learns it with this answer.
  if (settings_.requests->is_draining())
    keep_alive_ = false;
  format_head(res, version_, keep_alive_, head_);
  body_ = head_only_ ? std::string{} : std::move(res.body);
  // A client that does not read its response must not hold the session.
  stream_.expires_after(settings_.idle_timeout);
  net::async_write(
      stream_, std::array{net::buffer(head_), net::buffer(body_)},
      beast::bind_front_handler(&session::on_write, shared_from_this()));
}

void session::end_request() {
  if (is_counted_)
    settings_.requests->end();
  is_counted_ = false;
}

void session::on_write(beast::error_code ec, size_t) {
  end_request();
  if (ec)
    return log_io_failure("http", "write to " + peer_, ec);
  if (!keep_alive_)
    return do_close();
  do_read();
}

void session::do_close() {
  beast::error_code ec;
  // Sends FIN so the client sees the end of the response stream. If the
  // client is gone already there is nothing left to tell it, so the error
  // is ignored on purpose.
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
  if (!is_draining_)
    return; // the socket closes when the last handler lets go of the session
  stream_.expires_after(drain_timeout);
  do_drain();
}

void session::do_drain() {
  stream_.async_read_some(
      buffer_.prepare(drain_chunk),
      beast::bind_front_handler(&session::on_drain, shared_from_this()));
}

void session::on_drain(beast::error_code ec, size_t bytes) {
  drained_ += bytes;
  // End of input, the deadline or the cap: stop and let the session go.
  if (ec || drained_ >= max_drained_bytes)
    return;
  do_drain();
}

} // namespace eddy::web
