// The HTTP client's connection: Beast's asynchronous operations, each run to
// completion on a private io_context, so that every step has a deadline.
#include "connectors/databases/http_poster.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <utility>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/http/span_body.hpp>

#include "messages/error.hpp"

namespace eddy {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

using request_type = http::request<http::span_body<const char>>;

std::string base64(std::string_view text) {
  static constexpr char digits[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string result;
  uint32_t bits = 0;
  int count = 0;
  for (unsigned char c : text) {
    bits = (bits << 8) | c;
    count += 8;
    while (count >= 6) {
      count -= 6;
      result.push_back(digits[(bits >> count) & 0x3f]);
    }
  }
  if (count > 0)
    result.push_back(digits[(bits << (6 - count)) & 0x3f]);
  while (result.size() % 4 != 0)
    result.push_back('=');
  return result;
}

// What a kept-alive connection the server closed while idle fails with.
bool is_closed_by_peer(beast::error_code ec) {
  return ec == http::error::end_of_stream || ec == net::error::eof ||
         ec == net::error::connection_reset || ec == net::error::broken_pipe;
}

} // namespace

struct http_poster::connection {
  http_poster_options options;
  http_endpoint endpoint;
  std::string url;
  std::string host_field;    // "host:port" for the Host header
  std::string authorization; // "Basic ..." or empty
  net::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  bool is_open = false;
  uint64_t opened = 0;

  // One request's outcome, and whether a closed kept-alive connection
  // explains its failure (then sending it again on a new one is safe).
  struct attempt {
    caf::expected<http_reply> reply;
    bool is_stale = false;
  };

  caf::error failure(std::string_view what, beast::error_code ec,
                     std::chrono::milliseconds timeout) const {
    auto reason =
        ec == beast::error::timeout
            ? "timed out after " + std::to_string(timeout.count()) + " ms"
            : ec.message();
    return make_error(ec::connector_failure,
                      url + ": " + std::string{what} + ": " + reason);
  }

  // Runs the asynchronous operation on the stream that `start` begins to
  // its end; the stream closes if that takes longer than `timeout`.
  template <class Start>
  beast::error_code run(std::chrono::milliseconds timeout, Start start) {
    stream.expires_after(timeout);
    beast::error_code result;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }

  void close() {
    beast::error_code ignored; // the connection is given up either way
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream.socket().close(ignored);
    buffer.clear();
    is_open = false;
  }

  // Whether the open connection can take a request: not closed by the
  // server meanwhile (it ends idle keep-alive connections), nothing unread.
  bool is_usable() {
    if (!is_open)
      return false;
    char byte = 0;
    auto got = ::recv(stream.socket().native_handle(), &byte, 1,
                      MSG_PEEK | MSG_DONTWAIT);
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) &&
        buffer.size() == 0)
      return true;
    close();
    return false;
  }

  caf::expected<void> open() {
    close();
    // Synchronous: an address resolves at once; a name waits for the
    // system resolver's own timeouts.
    tcp::resolver resolver{ioc};
    beast::error_code ec;
    auto addresses =
        resolver.resolve(endpoint.host, std::to_string(endpoint.port), ec);
    if (ec)
      return failure("cannot resolve " + endpoint.host, ec,
                     options.connect_timeout);
    ec = run(options.connect_timeout,
             [&](auto done) { stream.async_connect(addresses, done); });
    if (ec)
      return failure("cannot connect", ec, options.connect_timeout);
    beast::error_code ignored; // without it only latency suffers
    stream.socket().set_option(tcp::no_delay{true}, ignored);
    ++opened;
    is_open = true;
    return caf::unit;
  }

  attempt exchange(request_type& req) {
    auto ec = run(options.io_timeout,
                  [&](auto done) { http::async_write(stream, req, done); });
    if (ec) {
      close();
      return {failure("cannot send the request", ec, options.io_timeout),
              is_closed_by_peer(ec)};
    }
    http::response_parser<http::string_body> parser;
    parser.body_limit(options.max_reply_bytes);
    ec = run(options.io_timeout, [&](auto done) {
      http::async_read(stream, buffer, parser, done);
    });
    if (ec) {
      close();
      return {failure("cannot read the reply", ec, options.io_timeout),
              !parser.got_some() && is_closed_by_peer(ec)};
    }
    auto res = parser.release();
    if (!res.keep_alive())
      close();
    return {http_reply{res.result_int(), std::move(res.body())}};
  }

  caf::expected<http_reply> request(http::verb verb, std::string_view path,
                                    std::string_view query,
                                    std::string_view body) {
    std::string target = endpoint.base_path;
    target += path;
    if (!query.empty()) {
      target += '?';
      target += query;
    }
    request_type req{verb, target, 11};
    req.set(http::field::host, host_field);
    req.set(http::field::user_agent, "eddy");
    if (verb == http::verb::post)
      req.set(http::field::content_type, options.content_type);
    if (!authorization.empty())
      req.set(http::field::authorization, authorization);
    for (const auto& [name, value] : options.headers)
      req.set(name, value);
    req.body() = {body.data(), body.size()};
    req.keep_alive(true);
    req.prepare_payload();
    auto reused = is_usable();
    if (!reused)
      if (auto opened_now = open(); !opened_now)
        return opened_now.error();
    auto first = exchange(req);
    if (first.reply || !first.is_stale || !reused)
      return std::move(first.reply);
    if (auto opened_now = open(); !opened_now)
      return opened_now.error();
    return std::move(exchange(req).reply);
  }
};

caf::expected<http_poster> http_poster::make(http_poster_options options) {
  auto endpoint = http_endpoint::parse(options.url);
  if (!endpoint)
    return endpoint.error();
  auto conn = std::make_unique<connection>();
  conn->url = endpoint->url();
  conn->host_field = endpoint->authority();
  if (options.basic_auth)
    conn->authorization = "Basic " + base64(options.basic_auth->user + ":" +
                                            options.basic_auth->password);
  conn->endpoint = std::move(*endpoint);
  conn->options = std::move(options);
  return http_poster{std::move(conn)};
}

http_poster::http_poster(std::unique_ptr<connection> conn)
    : conn_(std::move(conn)) {}

http_poster::http_poster(http_poster&&) noexcept = default;
http_poster& http_poster::operator=(http_poster&&) noexcept = default;
http_poster::~http_poster() = default;

caf::expected<http_reply> http_poster::post(std::string_view path,
                                            std::string_view query,
                                            std::string_view body) {
  return conn_->request(http::verb::post, path, query, body);
}

caf::expected<http_reply> http_poster::get(std::string_view path,
                                           std::string_view query) {
  return conn_->request(http::verb::get, path, query, {});
}

const std::string& http_poster::url() const noexcept {
  return conn_->url;
}

uint64_t http_poster::connections_opened() const noexcept {
  return conn_->opened;
}

} // namespace eddy
