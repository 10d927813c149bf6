// One HTTP/1.1 connection: reads a request, lets the routes answer it and
// writes the response, one request at a time, while the client keeps the
// connection alive.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>

#include "web/admin_access.hpp"
#include "web/connection_limit.hpp"
#include "web/key_forwarding.hpp"
#include "web/origin_policy.hpp"
#include "web/request_parser.hpp"
#include "web/request_tracker.hpp"
#include "web/response.hpp"
#include "web/route_table.hpp"
#include "web/site_settings.hpp"

namespace eddy {
class job_registry;
} // namespace eddy

namespace eddy::web {

class pending_replies;
class live_feed;

/// What all sessions of one server share.
struct session_settings {
  job_registry* jobs = nullptr;                      // outlives the server
  std::shared_ptr<const route_table> job_routes;     // never null
  std::shared_ptr<const key_forwarder> forward_keys; // null: no cluster
  std::shared_ptr<pending_replies> pending;
  size_t header_limit = 0;
  size_t body_limit = 0;
  std::chrono::steady_clock::duration idle_timeout{};
  std::shared_ptr<const admin_access> admin;     // never null
  std::shared_ptr<live_feed> live;               // never null
  std::shared_ptr<const site_settings> site;     // never null
  std::shared_ptr<connection_limit> connections; // never null
  std::shared_ptr<const origin_policy> origins;  // never null
  std::shared_ptr<request_tracker> requests;     // never null
};

class session : public std::enable_shared_from_this<session> {
public:
  /// Takes over `socket`, whose executor must be a strand: the service's
  /// jobs' replies are posted there while I/O handlers may run on other
  /// threads.
  session(boost::asio::ip::tcp::socket&& socket, session_settings settings,
          connection_limit::slot slot);

  /// Starts serving. Pending I/O keeps the session alive, and so does
  /// settings.pending while the service works on a request.
  void run();

  /// A request still counted in flight (its answer was never written)
  /// stops counting.
  ~session();

  /// Writes `res` as the answer to the current request. Runs on the strand,
  /// where pending_replies posts it.
  void on_handled(response res);

  /// The strand every handler of this session runs on.
  boost::asio::any_io_executor get_executor();

private:
  void do_read();
  void on_read_header(boost::beast::error_code ec, size_t bytes);
  void on_continue_sent(boost::beast::error_code ec, size_t bytes);
  void do_read_body();
  void on_read(boost::beast::error_code ec, size_t bytes);
  void on_read_failure(boost::beast::error_code ec);
  void handle();
  std::optional<response> refuse_by_origin();
  void reject_oversized();
  void reject_header_too_large();
  void do_write(response res);
  void on_write(boost::beast::error_code ec, size_t bytes);
  void end_request();
  void do_close();
  void do_drain();
  void on_drain(boost::beast::error_code ec, size_t bytes);

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  session_settings settings_;
  connection_limit::slot slot_;
  std::string peer_; // "address:port" of the client, for log lines
  std::optional<request_parser> parser_;
  boost::beast::http::response<boost::beast::http::empty_body> continue_;
  std::string head_;         // of the response being written
  std::string body_;         // of the response being written
  unsigned version_ = 11;    // of the current request
  bool keep_alive_ = false;  // whether the current request allows another
  bool head_only_ = false;   // a HEAD: the GET's head without its body
  std::string origin_;       // of the current request, for CORS headers
  bool is_counted_ = false;  // whether the current request is in flight
  bool is_draining_ = false; // whether to read and drop input after writing
  size_t drained_ = 0;       // bytes dropped so far
};

} // namespace eddy::web
