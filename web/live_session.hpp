// Internal to web/: one WS /v1/live client. It takes over an HTTP session's
// connection after the upgrade request and sends it the live feed's
// messages. A client that falls max_queued messages behind is dropped, so a
// slow reader never holds the server or the other clients back.
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <string>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>

#include "web/connection_limit.hpp"
#include "web/live_feed.hpp"

namespace eddy::web {

class live_session : public std::enable_shared_from_this<live_session> {
public:
  /// Messages waiting behind the one being written before the client
  /// counts as too slow.
  static constexpr size_t max_queued = 8;

  /// Takes over `stream`, whose executor is the connection's strand.
  live_session(boost::beast::tcp_stream&& stream,
               std::shared_ptr<live_feed> feed, std::string peer,
               connection_limit::slot slot);

  /// Accepts the upgrade `request`, then subscribes to the feed.
  void
  run(boost::beast::http::request<boost::beast::http::string_body> request);

  /// Queues `message` for the client, or drops the client if it is
  /// max_queued behind. Thread-safe.
  void send(live_message message);

private:
  void on_accept(boost::beast::error_code ec);
  void do_read();
  void on_read(boost::beast::error_code ec, size_t bytes);
  void enqueue(live_message message);
  void do_write();
  void on_write(boost::beast::error_code ec, size_t bytes);
  void drop(const char* why);

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  std::shared_ptr<live_feed> feed_;
  std::string peer_;
  connection_limit::slot slot_;
  boost::beast::flat_buffer incoming_; // what the client sends, dropped
  std::deque<live_message> queue_;     // the front one is being written
  bool is_dropped_ = false;
};

} // namespace eddy::web
