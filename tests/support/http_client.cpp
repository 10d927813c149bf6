// A blocking Beast HTTP client for tests. Each call runs asynchronous Beast
// operations to completion so that every one of them has a deadline.
#include "tests/support/http_client.hpp"

#include <stdexcept>
#include <utility>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace eddy::test {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// Long enough for a loaded CI machine, short enough to fail a hung test.
constexpr auto io_timeout = std::chrono::seconds{10};

} // namespace

struct http_client::state {
  std::string host;
  uint16_t port = 0;
  net::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  bool is_reusable = false; // connected, and the last response allowed more
  size_t connections = 0;

  std::string where() const { return host + ":" + std::to_string(port); }

  void check(beast::error_code ec, const std::string& what) {
    if (!ec)
      return;
    is_reusable = false;
    beast::error_code ignored; // the connection is given up either way
    stream.socket().close(ignored);
    throw std::runtime_error(what + " " + where() + ": " + ec.message());
  }

  /// Runs the operation that `start` begins with a completion handler to
  /// its end and returns its error.
  template <class Start>
  beast::error_code run(Start start) {
    beast::error_code result;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }

  void connect(beast::tcp_stream& s) {
    tcp::resolver resolver{ioc};
    auto endpoints = resolver.resolve(host, std::to_string(port));
    s.expires_after(io_timeout);
    auto ec = run([&](auto done) { s.async_connect(endpoints, done); });
    if (ec)
      throw std::runtime_error("connect to " + where() + ": " + ec.message());
    ++connections;
  }

  void reconnect() {
    beast::error_code ignored; // the old connection is done with anyway
    stream.socket().close(ignored);
    buffer.clear();
    connect(stream);
    is_reusable = true;
  }
};

http_client::http_client(std::string host, uint16_t port)
    : state_(std::make_unique<state>()) {
  state_->host = std::move(host);
  state_->port = port;
}

http_client::~http_client() = default;
http_client::http_client(http_client&&) noexcept = default;
http_client& http_client::operator=(http_client&&) noexcept = default;

http_reply http_client::get(std::string target) {
  return request("GET", std::move(target));
}

http_reply http_client::post(std::string target, std::string body,
                             std::string content_type) {
  return request("POST", std::move(target), std::move(body),
                 std::move(content_type));
}

http_reply http_client::request(
    std::string method, std::string target, std::string body,
    std::string content_type,
    const std::vector<std::pair<std::string, std::string>>& headers) {
  auto& s = *state_;
  if (!s.is_reusable)
    s.reconnect();
  http::request<http::string_body> req;
  req.version(11);
  if (auto verb = http::string_to_verb(method); verb != http::verb::unknown)
    req.method(verb);
  else
    req.method_string(method);
  req.target(target);
  req.set(http::field::host, s.where());
  req.set(http::field::user_agent, "eddy-tests");
  if (!body.empty() || method == "POST")
    req.set(http::field::content_type, content_type);
  for (const auto& [name, value] : headers)
    req.set(name, value);
  req.body() = std::move(body);
  req.prepare_payload();
  s.stream.expires_after(io_timeout);
  s.check(s.run([&](auto done) { http::async_write(s.stream, req, done); }),
          "write " + method + " " + target + " to");
  http::response_parser<http::string_body> parser;
  parser.body_limit(boost::none);
  s.check(s.run([&](auto done) {
    http::async_read(s.stream, s.buffer, parser, done);
  }),
          "read the response to " + method + " " + target + " from");
  auto res = parser.release();
  s.is_reusable = res.keep_alive();
  http_reply reply{res.result_int(), std::move(res.body()), {}};
  for (const auto& field : res)
    reply.headers[std::string{field.name_string()}] =
        std::string{field.value()};
  return reply;
}

std::string http_client::send_raw(std::string bytes, bool close_after_sending) {
  auto& s = *state_;
  beast::tcp_stream raw{s.ioc};
  s.connect(raw);
  raw.expires_after(io_timeout);
  auto ec = s.run(
      [&](auto done) { net::async_write(raw, net::buffer(bytes), done); });
  if (ec)
    throw std::runtime_error("send raw bytes to " + s.where() + ": " +
                             ec.message());
  if (close_after_sending) {
    beast::error_code ignored; // a failure shows up in the read below
    raw.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }
  std::string received;
  raw.expires_after(io_timeout);
  ec = s.run([&](auto done) {
    net::async_read(raw, net::dynamic_buffer(received), done);
  });
  // A reset also means the server closed; what came before it counts.
  if (ec != net::error::eof && ec != net::error::connection_reset)
    throw std::runtime_error(
        "the server at " + s.where() +
        " did not close the raw connection: " + ec.message());
  return received;
}

bool http_client::is_closed_by_server(std::chrono::milliseconds patience) {
  auto& s = *state_;
  auto& socket = s.stream.socket();
  if (!socket.is_open())
    throw std::logic_error("is_closed_by_server: no connection");
  // Bytes the parser read ahead would be a response nobody asked for.
  if (s.buffer.size() > 0)
    throw std::logic_error("is_closed_by_server: unread response data");
  // A plain timer instead of the stream's deadline, which would close the
  // socket and so spoil the connection when it is still open.
  net::steady_timer timer{s.ioc, patience};
  timer.async_wait([&](beast::error_code ec) {
    if (!ec)
      socket.cancel();
  });
  char byte = 0;
  beast::error_code result;
  size_t received = 0;
  socket.async_read_some(net::buffer(&byte, 1),
                         [&](beast::error_code ec, size_t bytes) {
                           result = ec;
                           received = bytes;
                           timer.cancel();
                         });
  s.ioc.restart();
  s.ioc.run();
  if (received > 0)
    throw std::logic_error("is_closed_by_server: unexpected data");
  if (result == net::error::eof || result == net::error::connection_reset) {
    s.is_reusable = false;
    return true;
  }
  if (result == net::error::operation_aborted)
    return false; // the timer fired: the connection is still open
  s.check(result, "wait for the server to close");
  return false;
}

size_t http_client::connections_opened() const {
  return state_->connections;
}

} // namespace eddy::test
